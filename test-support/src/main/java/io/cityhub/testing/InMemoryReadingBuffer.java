package io.cityhub.testing;

import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.buffer.Batch;
import io.cityhub.api.buffer.BufferMetrics;
import io.cityhub.api.buffer.BufferState;
import io.cityhub.api.buffer.ClassDepth;
import io.cityhub.api.buffer.ReadingArchive;
import io.cityhub.api.buffer.ReadingBuffer;
import io.cityhub.api.buffer.ReplayPage;
import io.cityhub.api.buffer.ReplayQuery;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one in-memory outbox of cityhub's tests and benchmarks, with the {@link ReadingBuffer} contract: class order
 * then append order, taken readings skipped until acknowledged or released, released ones back in their place.
 * Acknowledged readings go to an archive that serves replay.
 *
 * <p>By default every append is durable at once. {@link #holdAppends()} keeps each append's stage open until the test
 * completes it (the readings become durable, and can be taken, only then); {@link #failAppends(Throwable)} fails every
 * append. {@link #recordLatencies(boolean)} measures append-to-acknowledge latency for the uplink benchmark, and
 * {@link #keepDelivered(boolean)} lets a long benchmark forget what was delivered. Taking a fresh reading costs O(1)
 * and a released one O(log n), so a benchmark's backlog of a million readings does not measure the fake.
 */
public final class InMemoryReadingBuffer implements ReadingBuffer, ReadingArchive {

    private record Entry(long sequence, Reading reading, long appendedNanos) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    /** append sequence -> entry, for every durable reading not yet acknowledged (taken or not) */
    private final TreeMap<Long, Entry> pending = new TreeMap<>();
    /**
     * Per class, the pending readings never taken, in append order. Everything ever taken was taken from the head
     * of these, so a released reading is always older than all of them: it goes to {@link #released}, which
     * {@link #take} empties first.
     */
    private final Map<Priority, ArrayDeque<Entry>> fresh = new EnumMap<>(Priority.class);
    /** per class: append sequence -> entry, for readings taken and released, not taken again yet */
    private final Map<Priority, TreeMap<Long, Entry>> released = new EnumMap<>(Priority.class);
    private final Map<Long, List<Entry>> batches = new HashMap<>();
    private final List<Entry> archive = new ArrayList<>();
    private final List<CompletableFuture<Void>> held = new CopyOnWriteArrayList<>();
    private final AtomicInteger appendCalls = new AtomicInteger();
    private volatile AppendMode mode = AppendMode.DURABLE;
    private volatile Throwable appendFailure;
    private boolean keepDelivered = true;
    private long sequence;
    private long batchIds;
    private long appended;
    private long delivered;
    private int releases;
    private long releasedReadings;
    private boolean recordLatency;
    private long[] latencies = new long[1024];
    private int latencyCount;

    private enum AppendMode { DURABLE, HOLD, FAIL }

    /** Creates an empty outbox whose appends are durable at once. */
    public InMemoryReadingBuffer() {
        for (Priority p : Priority.values()) {
            fresh.put(p, new ArrayDeque<>());
            released.put(p, new TreeMap<>());
        }
    }

    /**
     * From now on each append's stage stays open until the test completes it through {@link #held()}.
     *
     * @return this
     */
    public InMemoryReadingBuffer holdAppends() {
        mode = AppendMode.HOLD;
        return this;
    }

    /**
     * From now on every append fails with the given failure and keeps nothing.
     *
     * @param failure what the append stages complete with, not null
     * @return this
     */
    public InMemoryReadingBuffer failAppends(Throwable failure) {
        appendFailure = failure;
        mode = AppendMode.FAIL;
        return this;
    }

    /**
     * @param keep false to forget acknowledged readings (no archive, no replay), as a long benchmark needs
     * @return this
     */
    public InMemoryReadingBuffer keepDelivered(boolean keep) {
        lock.lock();
        try {
            keepDelivered = keep;
            return this;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public CompletionStage<Void> append(List<Reading> readings) {
        appendCalls.incrementAndGet();
        List<Reading> copy = List.copyOf(readings);
        switch (mode) {
            case FAIL:
                return CompletableFuture.failedFuture(appendFailure);
            case HOLD:
                CompletableFuture<Void> stage = new CompletableFuture<>();
                held.add(stage);
                return stage.thenRun(() -> store(copy));
            default:
                store(copy);
                return CompletableFuture.completedFuture(null);
        }
    }

    private void store(List<Reading> readings) {
        long now = System.nanoTime();
        lock.lock();
        try {
            for (Reading r : readings) {
                Entry e = new Entry(sequence++, r, now);
                pending.put(e.sequence(), e);
                fresh.get(r.priority()).addLast(e);
                appended++;
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Batch> take(int maxReadings, Duration wait) throws InterruptedException {
        long nanos = wait.toNanos();
        lock.lock();
        try {
            while (true) {
                List<Entry> chosen = new ArrayList<>();
                for (Priority p : Priority.values()) {
                    TreeMap<Long, Entry> again = released.get(p);
                    ArrayDeque<Entry> queue = fresh.get(p);
                    while (chosen.size() < maxReadings && !again.isEmpty()) {
                        chosen.add(again.pollFirstEntry().getValue());
                    }
                    while (chosen.size() < maxReadings && !queue.isEmpty()) {
                        chosen.add(queue.pollFirst());
                    }
                }
                if (!chosen.isEmpty()) {
                    long id = ++batchIds;
                    batches.put(id, chosen);
                    return Optional.of(new Batch(id, chosen.stream().map(Entry::reading).toList()));
                }
                if (nanos <= 0) {
                    return Optional.empty();
                }
                nanos = arrived.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void acknowledge(Batch batch) {
        long now = System.nanoTime();
        lock.lock();
        try {
            List<Entry> entries = batches.remove(batch.id());
            if (entries == null) {
                return;
            }
            for (Entry e : entries) {
                pending.remove(e.sequence());
                if (keepDelivered) {
                    archive.add(e);
                }
                if (recordLatency) {
                    if (latencyCount == latencies.length) {
                        latencies = Arrays.copyOf(latencies, latencies.length * 2);
                    }
                    latencies[latencyCount++] = now - e.appendedNanos();
                }
                delivered++;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void release(Batch batch) {
        lock.lock();
        try {
            List<Entry> entries = batches.remove(batch.id());
            if (entries != null) {
                for (Entry e : entries) {
                    released.get(e.reading().priority()).put(e.sequence(), e);
                }
                releases++;
                releasedReadings += entries.size();
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
            Map<Priority, ClassDepth> depth = new EnumMap<>(Priority.class);
            long[] counts = new long[Priority.values().length];
            for (Entry e : pending.values()) {
                counts[e.reading().priority().ordinal()]++;
            }
            for (Priority p : Priority.values()) {
                long count = counts[p.ordinal()];
                depth.put(p, new ClassDepth(count, count * 100, 0));
            }
            return new BufferMetrics(BufferState.AVAILABLE, depth, appended, delivered, 0, 0, Map.of(), 0, 0, 0);
        } finally {
            lock.unlock();
        }
    }

    /** Cursor = index into the archive sorted by timestamp. */
    @Override
    public ReplayPage replay(ReplayQuery query) {
        lock.lock();
        try {
            List<Reading> matching = archive.stream()
                    .map(Entry::reading)
                    .filter(r -> !r.timestamp().isBefore(query.from()) && r.timestamp().isBefore(query.to()))
                    .filter(r -> query.sensorId() == null || query.sensorId().equals(r.sensorId()))
                    .sorted(Comparator.comparing(Reading::timestamp))
                    .toList();
            int start;
            try {
                start = query.cursor() == null ? 0 : Integer.parseInt(query.cursor());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("unknown cursor " + query.cursor());
            }
            int end = Math.min(matching.size(), start + query.limit());
            return new ReplayPage(matching.subList(start, end), end < matching.size() ? Integer.toString(end) : null);
        } finally {
            lock.unlock();
        }
    }

    /**
     * @return every reading whose append completed normally, in append order, delivered or not (delivered ones only
     *     while {@link #keepDelivered(boolean)} is on)
     */
    public List<Reading> durable() {
        lock.lock();
        try {
            List<Entry> all = new ArrayList<>(archive.size() + pending.size());
            all.addAll(archive);
            all.addAll(pending.values());
            all.sort(Comparator.comparingLong(Entry::sequence));
            return all.stream().map(Entry::reading).toList();
        } finally {
            lock.unlock();
        }
    }

    /** @return the stages of held appends, in call order (see {@link #holdAppends()}); the test completes them */
    public List<CompletableFuture<Void>> held() {
        return held;
    }

    /** @return how often {@link #append} was called, whatever became of the appends */
    public int appendCalls() {
        return appendCalls.get();
    }

    /** @return readings appended so far */
    public long appended() {
        lock.lock();
        try {
            return appended;
        } finally {
            lock.unlock();
        }
    }

    /** @return readings acknowledged so far */
    public long delivered() {
        lock.lock();
        try {
            return delivered;
        } finally {
            lock.unlock();
        }
    }

    /** @return readings appended and not yet acknowledged */
    public int pendingCount() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    /** @return readings handed back by {@link #release}: the only ones the uplink may send more than once */
    public long releasedReadings() {
        lock.lock();
        try {
            return releasedReadings;
        } finally {
            lock.unlock();
        }
    }

    /** @return batches released */
    public int releases() {
        lock.lock();
        try {
            return releases;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts recording append-to-acknowledge latency (clearing what was recorded), or stops it.
     *
     * @param on true to record from now on
     */
    public void recordLatencies(boolean on) {
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

    /**
     * @param quantile between 0 and 1, e.g. 0.99
     * @return the append-to-acknowledge latency at that quantile, in milliseconds, over the recorded readings; 0 when
     *     none was recorded
     */
    public double latencyMillis(double quantile) {
        lock.lock();
        try {
            if (latencyCount == 0) {
                return 0;
            }
            long[] copy = Arrays.copyOf(latencies, latencyCount);
            Arrays.sort(copy);
            return copy[(int) Math.max(0, Math.ceil(quantile * latencyCount) - 1)] / 1e6;
        } finally {
            lock.unlock();
        }
    }
}
