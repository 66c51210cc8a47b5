package dev.tramontane.webapp.security;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client: {@code burst} requests at once, refilled at {@code perMinute}. A
 * refused request learns how many seconds until a token is back ({@code Retry-After}).
 */
public final class TokenBucketRateLimiter {

    /** Whether a request may go, and if not, when to retry. */
    public record Decision(boolean allowed, long retryAfterSeconds) {}

    private final double capacity;
    private final double tokensPerNano;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public TokenBucketRateLimiter(int perMinute, int burst, LongSupplier nanoClock) {
        if (perMinute <= 0 || burst <= 0) {
            throw new IllegalArgumentException("rate limit needs perMinute > 0 and burst > 0 (got " + perMinute + ", " + burst + ")");
        }
        this.capacity = burst;
        this.tokensPerNano = perMinute / 60e9;
        this.clock = nanoClock;
    }

    public Decision tryAcquire(String client) {
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(capacity, clock.getAsLong()));
        synchronized (bucket) {
            long now = clock.getAsLong();
            bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.updated) * tokensPerNano);
            bucket.updated = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return new Decision(true, 0);
            }
            double missing = 1 - bucket.tokens;
            return new Decision(false, Math.max(1, (long) Math.ceil(missing / tokensPerNano / 1e9)));
        }
    }

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }
}
