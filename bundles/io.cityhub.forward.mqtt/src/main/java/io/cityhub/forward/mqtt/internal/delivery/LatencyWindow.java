package io.cityhub.forward.mqtt.internal.delivery;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The last {@value #SIZE} publish-to-PUBACK latencies, for the health message: a technician sees whether the link
 * is slow right now. Recording is lock-free and cheap; percentiles are computed on demand (health is infrequent).
 */
public final class LatencyWindow {

    /** How many latencies it keeps (the health percentiles are over these). */
    public static final int SIZE = 2048;

    private final AtomicLongArray samples = new AtomicLongArray(SIZE);
    private final AtomicLong count = new AtomicLong();

    void record(long nanos) {
        long i = count.getAndIncrement();
        samples.set((int) (i % SIZE), nanos);
    }

    /** @param quantile in (0, 1] @return that quantile in milliseconds, or 0 when nothing was recorded */
    double quantileMillis(double quantile) {
        int n = (int) Math.min(count.get(), SIZE);
        if (n == 0) {
            return 0;
        }
        long[] copy = new long[n];
        for (int i = 0; i < n; i++) {
            copy[i] = samples.get(i);
        }
        Arrays.sort(copy);
        int index = (int) Math.ceil(quantile * n) - 1;
        return copy[Math.max(0, Math.min(n - 1, index))] / 1e6;
    }
}
