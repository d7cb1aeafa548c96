package io.cityhub.benchmarks.e2e;

/**
 * Latencies in 100 µs buckets up to 120 s (beyond: the last bucket). Good enough for p50/p99 of a pipeline whose
 * commit window alone is tens of milliseconds. Written by one thread, read after the phase; synchronized anyway
 * because the lock is uncontended and it keeps the reader honest.
 */
final class LatencyHistogram {

    private static final long BUCKET_MICROS = 100;
    private final int[] counts = new int[1_200_001];
    private long total;
    private long max;
    private long negative;

    synchronized void record(long micros) {
        if (micros < 0) {
            // the stamp and the arrival come from the same clock; a negative value means a clock step
            negative++;
            micros = 0;
        }
        counts[(int) Math.min(counts.length - 1, micros / BUCKET_MICROS)]++;
        total++;
        max = Math.max(max, micros);
    }

    synchronized long count() {
        return total;
    }

    synchronized long negative() {
        return negative;
    }

    /** @return the q-quantile in milliseconds (upper edge of its bucket), NaN if empty */
    synchronized double quantileMillis(double q) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= Math.max(1, rank)) {
                return (i + 1) * BUCKET_MICROS / 1000.0;
            }
        }
        return max / 1000.0;
    }

    /** @return a new histogram holding the latencies of both (e.g. CoAP and LoRa readings of one phase) */
    static LatencyHistogram merged(LatencyHistogram a, LatencyHistogram b) {
        LatencyHistogram m = new LatencyHistogram();
        for (LatencyHistogram h : new LatencyHistogram[] {a, b}) {
            synchronized (h) {
                for (int i = 0; i < h.counts.length; i++) {
                    m.counts[i] += h.counts[i];
                }
                m.total += h.total;
                m.max = Math.max(m.max, h.max);
                m.negative += h.negative;
            }
        }
        return m;
    }

    synchronized double maxMillis() {
        return total == 0 ? Double.NaN : max / 1000.0;
    }
}
