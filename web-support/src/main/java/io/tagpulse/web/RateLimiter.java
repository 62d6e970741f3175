package io.tagpulse.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client: each client may make {@code burst} requests at once and {@code permitsPerSecond} on
 * average after that. Memory is bounded: at most {@code maxClients} buckets are kept; when a new client would pass
 * that, buckets that have refilled completely (idle clients) are forgotten, and if every bucket is still in use the
 * newcomers share one overflow bucket. Thread-safe.
 */
public final class RateLimiter {

    /** The key of the bucket clients share when there is no room for one of their own. */
    static final String OVERFLOW = "\u0000overflow";

    private final double permitsPerNano;

    private final double burst;

    private final int maxClients;

    private final LongSupplier nanoTime;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double permitsPerSecond, int burst, int maxClients, LongSupplier nanoTime) {
        if (!(permitsPerSecond > 0) || burst < 1 || maxClients < 1) {
            throw new IllegalArgumentException("permitsPerSecond must be positive, burst and maxClients at least 1");
        }
        this.permitsPerNano = permitsPerSecond / 1e9;
        this.burst = burst;
        this.maxClients = maxClients;
        this.nanoTime = nanoTime;
    }

    /** @return {@link Duration#ZERO} when the client may go ahead, else how long until it may try again */
    public Duration acquire(String client) {
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.get(client);
        if (bucket == null) {
            if (buckets.size() >= maxClients) {
                forgetIdle(now);
            }
            String key = buckets.size() < maxClients ? client : OVERFLOW;
            bucket = buckets.computeIfAbsent(key, ignored -> new Bucket(burst, now));
        }
        synchronized (bucket) {
            bucket.refill(now, permitsPerNano, burst);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) Math.ceil((1 - bucket.tokens) / permitsPerNano));
        }
    }

    /** @return how many clients have a bucket of their own (the overflow bucket counts as one) */
    public int trackedClients() {
        return buckets.size();
    }

    private void forgetIdle(long now) {
        buckets.entrySet().removeIf(entry -> {
            Bucket bucket = entry.getValue();
            synchronized (bucket) {
                bucket.refill(now, permitsPerNano, burst);
                return bucket.tokens >= burst;
            }
        });
    }

    private static final class Bucket {

        private double tokens;

        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        void refill(long now, double permitsPerNano, double burst) {
            if (now > refilledAt) {
                tokens = Math.min(burst, tokens + (now - refilledAt) * permitsPerNano);
                refilledAt = now;
            }
        }
    }
}
