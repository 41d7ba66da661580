package trough.worker.admission;

import io.javalin.http.Context;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import trough.worker.WorkerError;
import trough.worker.security.AccessControl;
import trough.worker.security.Caller;

/**
 * A token bucket per caller (per token name; per client address on a worker that checks no tokens): each
 * request takes one token, tokens refill at the configured rate up to the burst size, and a request finding
 * the bucket empty is answered 429 with the seconds until the next token in Retry-After. Off by default.
 */
public final class RateLimits {
    /** Callers tracked before full buckets are forgotten: a full bucket is no different from a new one. */
    static final int TRACKED = 10_000;

    private final double perSecond;
    private final int burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile long sweptAt = System.nanoTime() - 2_000_000_000L;

    public RateLimits(AdmissionSettings settings) {
        this.perSecond = settings.ratePerSecond();
        this.burst = settings.burst();
    }

    /** Takes one request from the caller's bucket: 0 when allowed, else the seconds until it would be. */
    double take(String who) {
        long now = System.nanoTime();
        // At most one sweep a second: with many callers still limited, a sweep per request would cost them all.
        if (buckets.size() > TRACKED && now - sweptAt > 1_000_000_000L) {
            sweptAt = now;
            buckets.values().removeIf(bucket -> bucket.full(perSecond, burst));
        }
        return buckets.computeIfAbsent(who, key -> new Bucket(burst)).take(perSecond, burst);
    }

    int tracked() {
        return buckets.size();
    }

    /** Runs after the access check, before every endpoint that needs a role. */
    public void check(Context ctx) {
        if (perSecond <= 0 || AccessControl.needed(ctx) == null) return;
        Caller caller = AccessControl.caller(ctx);
        String who = caller == null || caller == Caller.ANONYMOUS ? "address " + ctx.ip() : "token '" + caller.name() + "'";
        double wait = take(who);
        if (wait > 0) {
            long seconds = Math.max(1, (long) Math.ceil(wait));
            ctx.header("Retry-After", Long.toString(seconds));
            throw new WorkerError(429, "rate_limited", null, "the " + who + " passed its limit of " + perSecond + " requests per second (burst "
                    + burst + "); try again in " + seconds + " s");
        }
    }

    /** Tokens left and when they were last counted; {@link #take} answers 0, or the seconds until a token. */
    private static final class Bucket {
        private double tokens;
        private long countedAt = System.nanoTime();

        Bucket(int burst) {
            this.tokens = burst;
        }

        synchronized double take(double perSecond, int burst) {
            refill(perSecond, burst);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (1 - tokens) / perSecond;
        }

        synchronized boolean full(double perSecond, int burst) {
            refill(perSecond, burst);
            return tokens >= burst;
        }

        private void refill(double perSecond, int burst) {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - countedAt) / 1e9 * perSecond);
            countedAt = now;
        }
    }
}
