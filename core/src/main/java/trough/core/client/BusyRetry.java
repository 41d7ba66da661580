package trough.core.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Tries again a request a worker answered 503 (busy) or 429 (rate limited), after a wait that starts at 50 ms
 * and doubles up to 2 s, never longer than the worker's Retry-After, with jitter so that refused clients do
 * not return together. Once the budget is spent the last answer is passed on as it came, with the worker's
 * explanation. A request whose body can be sent only once is never retried.
 */
public final class BusyRetry implements Interceptor {
    private static final long FIRST_WAIT_MILLIS = 50;
    private static final long LONGEST_WAIT_MILLIS = 2_000;

    private final long budgetNanos;

    public BusyRetry(Duration budget) {
        this.budgetNanos = budget.toNanos();
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        long deadline = System.nanoTime() + budgetNanos;
        long wait = FIRST_WAIT_MILLIS;
        while (true) {
            Response response = chain.proceed(request);
            if (!refusedForNow(response) || (request.body() != null && request.body().isOneShot())) return response;
            long pause = Math.min(wait, retryAfterMillis(response)) + ThreadLocalRandom.current().nextLong(wait / 2 + 1);
            if (System.nanoTime() + pause * 1_000_000 > deadline) return response;
            response.close();
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting to retry " + request.url());
            }
            wait = Math.min(LONGEST_WAIT_MILLIS, wait * 2);
        }
    }

    private static boolean refusedForNow(Response response) {
        return response.code() == 503 || response.code() == 429;
    }

    private static long retryAfterMillis(Response response) {
        String header = response.header("Retry-After");
        if (header == null) return LONGEST_WAIT_MILLIS;
        try {
            return Math.max(0, Long.parseLong(header.trim())) * 1000;
        } catch (NumberFormatException e) {
            return LONGEST_WAIT_MILLIS; // an HTTP date: wait as long as we ever do
        }
    }
}
