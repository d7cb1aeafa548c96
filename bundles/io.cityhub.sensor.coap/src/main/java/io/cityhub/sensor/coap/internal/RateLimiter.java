package io.cityhub.sensor.coap.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per device (its sensor id, or the remote address of an unknown sender): each holds up to
 * {@code burst} requests and refills at {@code perMinute} a minute. A refused request learns how many seconds until
 * the next token, the Max-Age of its 4.29 answer (RFC 8516 §3). Bounded: the buckets of the least recently seen
 * senders are forgotten first, which at worst gives a forgotten sender a full bucket again.
 */
final class RateLimiter {

    /** Buckets remembered; a sender beyond this starts afresh. */
    static final int MAX_BUCKETS = 10_000;
    private static final long NANOS_PER_MINUTE = 60_000_000_000L;

    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_BUCKETS;
        }
    };

    /** Tokens left (scaled by {@link #NANOS_PER_MINUTE} to stay integral) and when they were last counted. */
    private static final class Bucket {
        long scaledTokens;
        long at;
    }

    /** @param nanoTime a monotonic clock in nanoseconds (System::nanoTime; tests pass their own) */
    RateLimiter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * Takes one token from the sender's bucket.
     *
     * @param sender the device's sensor id or the remote address
     * @param perMinute refill rate, at least 1
     * @param burst bucket size, at least 1
     * @return 0 if the request may go ahead, else the whole seconds (at least 1) until a token is there
     */
    synchronized long acquire(String sender, int perMinute, int burst) {
        long now = nanoTime.getAsLong();
        long capacity = burst * NANOS_PER_MINUTE;
        Bucket bucket = buckets.get(sender);
        if (bucket == null) {
            bucket = new Bucket();
            bucket.scaledTokens = capacity;
            bucket.at = now;
            buckets.put(sender, bucket);
        }
        // one token is NANOS_PER_MINUTE scaled units; one nanosecond refills perMinute units
        long elapsed = Math.max(0, now - bucket.at);
        long refill = elapsed > capacity / perMinute ? capacity : elapsed * perMinute;
        bucket.scaledTokens = Math.min(capacity, bucket.scaledTokens + refill);
        bucket.at = now;
        if (bucket.scaledTokens >= NANOS_PER_MINUTE) {
            bucket.scaledTokens -= NANOS_PER_MINUTE;
            return 0;
        }
        long missingNanos = (NANOS_PER_MINUTE - bucket.scaledTokens + perMinute - 1) / perMinute;
        return Math.max(1, (missingNanos + 999_999_999L) / 1_000_000_000L);
    }
}
