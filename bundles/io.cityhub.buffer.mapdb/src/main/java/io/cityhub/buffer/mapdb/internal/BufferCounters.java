package io.cityhub.buffer.mapdb.internal;

import io.cityhub.api.buffer.BufferState;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counters and the state of the outbox; thread-safe, cheap to read. */
final class BufferCounters {

    /** Drop reason: the size bound was reached under the drop-oldest policy. */
    static final String FULL = "full";
    /** Drop reason: waited longer than the maximum age. */
    static final String EXPIRED = "expired";
    /** Drop reason: a stored chunk could not be decoded. */
    static final String CORRUPT = "corrupt";

    private static final Logger LOG = LoggerFactory.getLogger(BufferCounters.class);

    private final AtomicReference<BufferState> state = new AtomicReference<>(BufferState.AVAILABLE);
    private final LongAdder appended = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final Map<String, LongAdder> drops = new ConcurrentHashMap<>();
    private final AtomicLong lastCommitMicros = new AtomicLong();
    private final LongAdder commits = new LongAdder();
    private final LongAdder checkpoints = new LongAdder();
    private final LongAdder refusedBusy = new LongAdder();
    private final AtomicLong recoveries = new AtomicLong();
    private final AtomicLong sizeOnDisk = new AtomicLong();
    private final Object rateLock = new Object();
    private long rateSampleMillis = -1;
    private long rateAppended;
    private long rateDelivered;
    private double appendsPerSecond;
    private double deliveriesPerSecond;

    BufferState state() {
        return state.get();
    }

    /** Changes the state, logging the change once (outages are states, not errors). */
    void state(BufferState next, String why) {
        BufferState previous = state.getAndSet(next);
        if (previous != next) {
            if (next == BufferState.AVAILABLE) {
                LOG.info("Outbox {} -> {}: {}", previous, next, why);
            } else {
                LOG.warn("Outbox {} -> {}: {}", previous, next, why);
            }
        }
    }

    /** Marks the outbox closed; a planned stop, so not a warning. */
    void closed() {
        state.set(BufferState.UNAVAILABLE);
    }

    void appended(long n) {
        appended.add(n);
    }

    void delivered(long n) {
        delivered.add(n);
    }

    void dropped(String reason, long n) {
        if (n > 0) {
            drops.computeIfAbsent(reason, r -> new LongAdder()).add(n);
        }
    }

    /** One successful commit (one fdatasync of the journal) that took {@code micros}. */
    void committed(long micros) {
        lastCommitMicros.set(micros);
        commits.increment();
    }

    /** @return successful commits since the outbox opened */
    long commits() {
        return commits.sum();
    }

    /** One successful checkpoint (a MapDB commit: two fsyncs, one WAL file created and deleted). */
    void checkpointed() {
        checkpoints.increment();
    }

    /** @return successful checkpoints since the outbox opened */
    long checkpoints() {
        return checkpoints.sum();
    }

    /** {@code n} readings refused because too many waited for a commit (never acknowledged, so not a drop). */
    void refusedBusy(long n) {
        refusedBusy.add(n);
    }

    /** @return readings refused because the writer was behind, since the outbox opened */
    long refusedBusy() {
        return refusedBusy.sum();
    }

    void recovered() {
        recoveries.incrementAndGet();
    }

    void sizeOnDisk(long bytes) {
        sizeOnDisk.set(bytes);
    }

    /** Samples the rates; called by the writer about once a second. */
    void sampleRates(long nowMillis) {
        synchronized (rateLock) {
            long a = appended.sum();
            long d = delivered.sum();
            if (rateSampleMillis >= 0 && nowMillis > rateSampleMillis) {
                double seconds = (nowMillis - rateSampleMillis) / 1000.0;
                appendsPerSecond = (a - rateAppended) / seconds;
                deliveriesPerSecond = (d - rateDelivered) / seconds;
            }
            rateSampleMillis = nowMillis;
            rateAppended = a;
            rateDelivered = d;
        }
    }

    long appended() {
        return appended.sum();
    }

    long delivered() {
        return delivered.sum();
    }

    Map<String, Long> drops() {
        Map<String, Long> copy = new TreeMap<>();
        drops.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    long lastCommitMicros() {
        return lastCommitMicros.get();
    }

    long recoveries() {
        return recoveries.get();
    }

    long sizeOnDisk() {
        return sizeOnDisk.get();
    }

    double appendsPerSecond() {
        synchronized (rateLock) {
            return appendsPerSecond;
        }
    }

    double deliveriesPerSecond() {
        synchronized (rateLock) {
            return deliveriesPerSecond;
        }
    }
}
