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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Test double of the outbox with the {@link ReadingBuffer} contract: class order then append order, taken readings
 * skipped until acknowledged or released, released ones back in their place. Acknowledged readings go to an
 * archive that serves replay. Shared by the tests of every bundle that needs an outbox without MapDB.
 */
public final class InMemoryReadingBuffer implements ReadingBuffer, ReadingArchive {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    /** append sequence -> reading, waiting (taken or not) */
    private final TreeMap<Long, Reading> pending = new TreeMap<>();
    private final Set<Long> taken = new HashSet<>();
    private final Map<Long, List<Long>> batches = new HashMap<>();
    private final List<Reading> archive = new ArrayList<>();
    private long sequence;
    private long batchIds;
    private long appended;
    private long delivered;
    private int releases;
    private long releasedReadings;

    @Override
    public CompletionStage<Void> append(List<Reading> readings) {
        lock.lock();
        try {
            for (Reading r : readings) {
                pending.put(sequence++, r);
                appended++;
            }
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
            while (true) {
                List<Long> chosen = new ArrayList<>();
                for (Priority p : Priority.values()) {
                    for (Map.Entry<Long, Reading> e : pending.entrySet()) {
                        if (chosen.size() == maxReadings) {
                            break;
                        }
                        if (e.getValue().priority() == p && !taken.contains(e.getKey())) {
                            chosen.add(e.getKey());
                        }
                    }
                }
                if (!chosen.isEmpty()) {
                    taken.addAll(chosen);
                    long id = ++batchIds;
                    batches.put(id, chosen);
                    return Optional.of(new Batch(id, chosen.stream().map(pending::get).toList()));
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
        lock.lock();
        try {
            List<Long> seqs = batches.remove(batch.id());
            if (seqs == null) {
                return;
            }
            for (Long s : seqs) {
                archive.add(pending.remove(s));
                taken.remove(s);
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
            List<Long> seqs = batches.remove(batch.id());
            if (seqs != null) {
                taken.removeAll(seqs);
                releases++;
                releasedReadings += seqs.size();
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
            for (Priority p : Priority.values()) {
                long count = pending.values().stream().filter(r -> r.priority() == p).count();
                depth.put(p, new ClassDepth(count, count * 100, 0));
            }
            return new BufferMetrics(BufferState.AVAILABLE, depth, appended, delivered, 0, 0, Map.of(), 0, 0, 0);
        } finally {
            lock.unlock();
        }
    }

    /** Cursor = index into the archive list, sorted by timestamp on first use. */
    @Override
    public ReplayPage replay(ReplayQuery query) {
        lock.lock();
        try {
            List<Reading> matching = archive.stream()
                    .filter(r -> !r.timestamp().isBefore(query.from()) && r.timestamp().isBefore(query.to()))
                    .filter(r -> query.sensorId() == null || query.sensorId().equals(r.sensorId()))
                    .sorted((a, b) -> a.timestamp().compareTo(b.timestamp()))
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
}
