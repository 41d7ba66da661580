package trough.tools.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of one node, from a properties file with environment overrides. Unknown keys are refused (a
 * typo must not silently fall back to a default), and each bad value is reported with its key and source.
 */
public final class TroughConfig {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)b?", Pattern.CASE_INSENSITIVE);

    private final Map<ConfigKey, String> values;
    private final Map<ConfigKey, String> sources;

    private TroughConfig(Map<ConfigKey, String> values, Map<ConfigKey, String> sources) {
        this.values = values;
        this.sources = sources;
    }

    /** Reads {@code file} (null for none), then lets the environment override it. */
    public static TroughConfig load(Path file, Map<String, String> environment) {
        Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
        Map<ConfigKey, String> sources = new EnumMap<>(ConfigKey.class);
        if (file != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new ConfigException("cannot read the config file " + file + ": " + e.getMessage());
            }
            for (String name : properties.stringPropertyNames()) {
                ConfigKey key = ConfigKey.of(name);
                if (key == null) {
                    throw new ConfigException("unknown key '" + name + "' in " + file + "; the keys are " + ConfigKey.names());
                }
                values.put(key, properties.getProperty(name).strip());
                sources.put(key, file.toString());
            }
        }
        for (ConfigKey key : ConfigKey.values()) {
            String value = environment.get(key.environmentVariable());
            if (value != null) {
                values.put(key, value.strip());
                sources.put(key, "environment variable " + key.environmentVariable());
            }
        }
        return new TroughConfig(values, sources);
    }

    /** A config holding exactly these values, for nodes started by another command. */
    public static TroughConfig of(Map<ConfigKey, String> values) {
        Map<ConfigKey, String> sources = new EnumMap<>(ConfigKey.class);
        values.keySet().forEach(key -> sources.put(key, "the command line"));
        return new TroughConfig(new EnumMap<>(values), sources);
    }

    public boolean has(ConfigKey key) {
        return values.containsKey(key);
    }

    public String string(ConfigKey key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    public String required(ConfigKey key) {
        String value = values.get(key);
        if (value == null || value.isEmpty()) {
            throw new ConfigException("'" + key.key() + "' is not set; put it in the config file or set " + key.environmentVariable());
        }
        return value;
    }

    public int integer(ConfigKey key, int fallback) {
        String value = values.get(key);
        if (value == null) return fallback;
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw bad(key, "a whole number");
        }
    }

    public boolean flag(ConfigKey key) {
        String value = values.get(key);
        if (value == null) return false;
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) return Boolean.parseBoolean(value);
        throw bad(key, "true or false");
    }

    public double decimal(ConfigKey key, double fallback) {
        String value = values.get(key);
        if (value == null) return fallback;
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw bad(key, "a number");
        }
    }

    public Path path(ConfigKey key) {
        String value = values.get(key);
        return value == null ? null : Path.of(value);
    }

    /** A duration as {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT2S}). */
    public Duration duration(ConfigKey key, Duration fallback) {
        String value = values.get(key);
        if (value == null) return fallback;
        Matcher matcher = DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw bad(key, "a duration such as 500ms, 2s, 5m or PT2S");
        }
    }

    /** A size in bytes, as {@code 1048576}, {@code 512k}, {@code 100m}, {@code 2g} or {@code 1t}. */
    public long bytes(ConfigKey key, long fallback) {
        String value = values.get(key);
        if (value == null) return fallback;
        Matcher matcher = SIZE.matcher(value);
        if (!matcher.matches()) throw bad(key, "a size such as 1048576, 512k, 100m or 2g");
        int shift = switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        return Long.parseLong(matcher.group(1)) << shift;
    }

    public URI uri(ConfigKey key) {
        String value = values.get(key);
        if (value == null) return null;
        try {
            URI uri = URI.create(value);
            if (uri.getScheme() == null) throw new IllegalArgumentException();
            return uri;
        } catch (IllegalArgumentException e) {
            throw bad(key, "a URI with a scheme, such as hdfs://namenode:8020/trough or file:///var/trough");
        }
    }

    private ConfigException bad(ConfigKey key, String expected) {
        return new ConfigException("'" + key.key() + "' = '" + values.get(key) + "' (from " + sources.get(key) + ") is not " + expected);
    }
}
