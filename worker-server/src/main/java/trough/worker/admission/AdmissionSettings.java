package trough.worker.admission;

import java.time.Duration;
import java.util.Objects;

/**
 * What a worker accepts under load.
 *
 * @param maxRunning     queries and writes running at once
 * @param queueLength    requests waiting for a turn behind them; one more is answered 503 at once
 * @param queueWait      how long a request waits in the queue before it is answered 503
 * @param ratePerSecond  requests per second each token may make (a token bucket); 0: no limit
 * @param burst          requests a token may make at once above its rate
 * @param maxResultRows  rows one query may return; 0: no limit
 * @param maxResultBytes bytes one query may return; 0: no limit
 * @param bodyTimeout    how long a request body may take to arrive in full; a slower one is answered 408
 */
public record AdmissionSettings(int maxRunning, int queueLength, Duration queueWait, double ratePerSecond, int burst,
                                long maxResultRows, long maxResultBytes, Duration bodyTimeout) {
    static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);

    public AdmissionSettings {
        Objects.requireNonNull(queueWait, "queueWait");
        Objects.requireNonNull(bodyTimeout, "bodyTimeout");
        if (bodyTimeout.isNegative() || bodyTimeout.isZero()) throw new IllegalArgumentException("the body timeout must be positive, not " + bodyTimeout);
        if (maxRunning < 1) throw new IllegalArgumentException("admission.maxRunning must be at least 1, not " + maxRunning);
        if (queueLength < 0) throw new IllegalArgumentException("admission.queueLength must not be negative, not " + queueLength);
        if (queueWait.isNegative()) throw new IllegalArgumentException("admission.queueWait must not be negative");
        if (ratePerSecond < 0) throw new IllegalArgumentException("admission.ratePerSecond must not be negative, not " + ratePerSecond);
        if (ratePerSecond > 0 && burst < 1) throw new IllegalArgumentException("admission.burst must be at least 1 with a rate limit, not " + burst);
        if (maxResultRows < 0 || maxResultBytes < 0) throw new IllegalArgumentException("result limits must not be negative");
    }

    public AdmissionSettings(int maxRunning, int queueLength, Duration queueWait, double ratePerSecond, int burst,
                             long maxResultRows, long maxResultBytes) {
        this(maxRunning, queueLength, queueWait, ratePerSecond, burst, maxResultRows, maxResultBytes, DEFAULT_BODY_TIMEOUT);
    }

    /** Sized to the machine: two running per core, four times as many waiting for up to 10 s; no rate or result limit. */
    public static AdmissionSettings defaults() {
        int running = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
        return new AdmissionSettings(running, 4 * running, Duration.ofSeconds(10), 0, 0, 0, 0);
    }

    public AdmissionSettings withConcurrency(int running, int queue, Duration wait) {
        return new AdmissionSettings(running, queue, wait, ratePerSecond, burst, maxResultRows, maxResultBytes, bodyTimeout);
    }

    public AdmissionSettings withRateLimit(double perSecond, int burstSize) {
        return new AdmissionSettings(maxRunning, queueLength, queueWait, perSecond, burstSize, maxResultRows, maxResultBytes, bodyTimeout);
    }

    public AdmissionSettings withResultLimits(long rows, long bytes) {
        return new AdmissionSettings(maxRunning, queueLength, queueWait, ratePerSecond, burst, rows, bytes, bodyTimeout);
    }

    public AdmissionSettings withBodyTimeout(Duration timeout) {
        return new AdmissionSettings(maxRunning, queueLength, queueWait, ratePerSecond, burst, maxResultRows, maxResultBytes, timeout);
    }
}
