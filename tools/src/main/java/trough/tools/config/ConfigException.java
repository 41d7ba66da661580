package trough.tools.config;

/** A config file or value that cannot be used; the message names the key, where it came from and what is expected. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
