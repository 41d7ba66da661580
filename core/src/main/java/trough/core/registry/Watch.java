package trough.core.registry;

/** A subscription to registry changes; closing it stops the calls. */
public interface Watch extends AutoCloseable {
    @Override
    void close();
}
