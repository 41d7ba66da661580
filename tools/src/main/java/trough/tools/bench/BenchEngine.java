package trough.tools.bench;

/** One way of answering the benchmark's queries: through Trough, on one SQLite file, or the ideal fan-out. */
interface BenchEngine extends AutoCloseable {
    String name();

    Answer run(BenchQuery query) throws Exception;

    /** Bytes sent to the client so far (workers' answers), or -1 where nothing travels. */
    default long bytesSent() {
        return -1;
    }

    @Override
    void close() throws Exception;
}
