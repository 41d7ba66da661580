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
    private final double perSecond;
    private final int burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimits(AdmissionSettings settings) {
        this.perSecond = settings.ratePerSecond();
        this.burst = settings.burst();
    }

    /** Runs after the access check, before every endpoint that needs a role. */
    public void check(Context ctx) {
        if (perSecond <= 0 || AccessControl.needed(ctx) == null) return;
        Caller caller = AccessControl.caller(ctx);
        String who = caller == null || caller == Caller.ANONYMOUS ? "address " + ctx.ip() : "token '" + caller.name() + "'";
        double wait = buckets.computeIfAbsent(who, key -> new Bucket(burst)).take(perSecond, burst);
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
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - countedAt) / 1e9 * perSecond);
            countedAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (1 - tokens) / perSecond;
        }
    }
}
