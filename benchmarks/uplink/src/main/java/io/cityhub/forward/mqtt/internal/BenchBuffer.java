package io.cityhub.forward.mqtt.internal;

import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.buffer.Batch;
import io.cityhub.api.buffer.BufferMetrics;
import io.cityhub.api.buffer.BufferState;
import io.cityhub.api.buffer.ClassDepth;
import io.cityhub.api.buffer.ReadingBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fast in-memory outbox for the benchmark (one priority class, FIFO; released batches go back to the head in
 * order). It records each reading's append time and, on acknowledge, its ingest-to-PUBACK latency.
 */
final class BenchBuffer implements ReadingBuffer {

    private record Entry(Reading reading, long appendedNanos) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private final Map<Long, List<Entry>> taken = new HashMap<>();
    private long batchIds;
    private long appended;
    private long delivered;
    private long[] latencies = new long[1 << 20];
    private int latencyCount;
    private boolean recordLatency;

    @Override
    public CompletionStage<Void> append(List<Reading> readings) {
        long now = System.nanoTime();
        lock.lock();
        try {
            for (Reading r : readings) {
                queue.addLast(new Entry(r, now));
            }
            appended += readings.size();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Optional<Batch> take(int maxReadings, Duration wait) throws InterruptedException {
        long nanos = wait.toNanos();
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (nanos <= 0) {
                    return Optional.empty();
                }
                nanos = arrived.awaitNanos(nanos);
            }
            List<Entry> entries = new ArrayList<>(Math.min(maxReadings, queue.size()));
            while (entries.size() < maxReadings && !queue.isEmpty()) {
                entries.add(queue.pollFirst());
            }
            long id = ++batchIds;
            taken.put(id, entries);
            return Optional.of(new Batch(id, entries.stream().map(Entry::reading).toList()));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void acknowledge(Batch batch) {
        long now = System.nanoTime();
        lock.lock();
        try {
            List<Entry> entries = taken.remove(batch.id());
            if (entries == null) {
                return;
            }
            delivered += entries.size();
            if (recordLatency) {
                for (Entry e : entries) {
                    if (latencyCount == latencies.length) {
                        latencies = java.util.Arrays.copyOf(latencies, latencies.length * 2);
                    }
                    latencies[latencyCount++] = now - e.appendedNanos();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void release(Batch batch) {
        lock.lock();
        try {
            List<Entry> entries = taken.remove(batch.id());
            if (entries != null) {
                for (int i = entries.size() - 1; i >= 0; i--) {
                    queue.addFirst(entries.get(i));
                }
                arrived.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public BufferMetrics metrics() {
        lock.lock();
        try {
            long pending = queue.size() + taken.values().stream().mapToLong(List::size).sum();
            return new BufferMetrics(BufferState.AVAILABLE, Map.of(Priority.TELEMETRY, new ClassDepth(pending, 0, 0),
                    Priority.SAFETY, new ClassDepth(0, 0, 0), Priority.DIAGNOSTIC, new ClassDepth(0, 0, 0)),
                    appended, delivered, 0, 0, Map.of(), 0, 0, 0);
        } finally {
            lock.unlock();
        }
    }

    long delivered() {
        lock.lock();
        try {
            return delivered;
        } finally {
            lock.unlock();
        }
    }

    long appended() {
        lock.lock();
        try {
            return appended;
        } finally {
            lock.unlock();
        }
    }

    /** Starts (and clears) latency recording. */
    void recordLatencies(boolean on) {
        lock.lock();
        try {
            recordLatency = on;
            if (on) {
                latencyCount = 0;
            }
        } finally {
            lock.unlock();
        }
    }

    /** @return the ingest-to-PUBACK latency quantile in ms over the recorded readings */
    double latencyMillis(double quantile) {
        lock.lock();
        try {
            if (latencyCount == 0) {
                return 0;
            }
            long[] copy = java.util.Arrays.copyOf(latencies, latencyCount);
            java.util.Arrays.sort(copy);
            return copy[(int) Math.max(0, Math.ceil(quantile * latencyCount) - 1)] / 1e6;
        } finally {
            lock.unlock();
        }
    }
}
