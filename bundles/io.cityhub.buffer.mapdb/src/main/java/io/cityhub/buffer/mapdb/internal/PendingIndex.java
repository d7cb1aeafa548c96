package io.cityhub.buffer.mapdb.internal;

import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.buffer.Batch;
import io.cityhub.api.buffer.ClassDepth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What waits in the outbox, per priority class in sequence order, and which batches are out. The writer thread
 * adds chunks after they are committed and removes dropped ones; the forwarder takes, acknowledges and releases.
 * Per class, the chunks no batch has touched yet are kept compactly in {@link ColdChunks} behind the ones that were
 * taken or given back (every sequence number of the latter is lower), so a long backlog of small chunks costs 40
 * bytes of heap per chunk, not a full {@link Chunk}.
 * All state is guarded by one lock; {@code take} reads chunk bytes from the store while holding it, which the
 * writer never deletes before removing them here.
 */
final class PendingIndex {

    /** Reads and decodes a stored chunk. */
    interface ChunkReader {
        List<Reading> read(long seq) throws CorruptRecordException;
    }

    private record Slice(Chunk chunk, int[] positions) {
    }

    private static final int DECODED_CACHE = 4;
    private static final Priority[] DRAIN_ORDER = Priority.values();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final Map<Priority, TreeMap<Long, Chunk>> classes = new EnumMap<>(Priority.class);
    private final Map<Priority, ColdChunks> cold = new EnumMap<>(Priority.class);
    private final Map<Priority, long[]> counts = new EnumMap<>(Priority.class); // [pending readings, bytes]
    private final Map<Long, List<Slice>> batches = new HashMap<>();
    private final List<Chunk> completed = new ArrayList<>();
    private final List<Chunk> unreadable = new ArrayList<>();
    private final Map<Long, List<Reading>> decoded = new LinkedHashMap<>(8, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, List<Reading>> eldest) {
            return size() > DECODED_CACHE;
        }
    };
    private long available;
    /** Chunks in the index, taken or not: what its heap grows with. */
    private int chunkCount;
    private long nextBatchId = 1;

    PendingIndex() {
        for (Priority p : DRAIN_ORDER) {
            classes.put(p, new TreeMap<>());
            cold.put(p, new ColdChunks(p));
            counts.put(p, new long[2]);
        }
    }

    /** Adds a committed chunk (or puts back one whose removal was rolled back) and wakes waiting takers. */
    void add(Chunk chunk) {
        lock.lock();
        try {
            chunk.removed = false;
            chunkCount++;
            TreeMap<Long, Chunk> taken = classes.get(chunk.priority);
            ColdChunks untouched = cold.get(chunk.priority);
            boolean fresh = chunk.deliveredCount == 0 && chunk.inFlightCount == 0;
            boolean newest = untouched.isEmpty()
                    ? taken.isEmpty() || chunk.seq > taken.lastKey()
                    : chunk.seq > untouched.lastSeq();
            if (fresh && newest) {
                untouched.add(chunk);
            } else {
                taken.put(chunk.seq, chunk); // one put back after a rolled-back removal: older than the cold ones
            }
            long[] c = counts.get(chunk.priority);
            c[0] += chunk.pending();
            c[1] += chunk.bytes;
            available += chunk.available();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    Optional<Batch> take(int maxReadings, Duration wait, ChunkReader reader) throws InterruptedException {
        if (maxReadings < 1) {
            throw new IllegalArgumentException("maxReadings must be at least 1, was " + maxReadings);
        }
        long remaining = wait.toNanos();
        lock.lockInterruptibly();
        try {
            while (available == 0) {
                if (remaining <= 0) {
                    return Optional.empty();
                }
                remaining = arrived.awaitNanos(remaining);
            }
            List<Reading> readings = new ArrayList<>(Math.min(maxReadings, 1024));
            List<Slice> slices = new ArrayList<>();
            for (Priority p : DRAIN_ORDER) {
                TreeMap<Long, Chunk> taken = classes.get(p);
                Iterator<Chunk> it = taken.values().iterator();
                while (it.hasNext() && readings.size() < maxReadings) {
                    Chunk chunk = it.next();
                    if (chunk.available() > 0 && !takeFrom(chunk, reader, maxReadings, readings, slices)) {
                        it.remove();
                        forget(chunk);
                        unreadable.add(chunk);
                    }
                }
                ColdChunks untouched = cold.get(p);
                while (!untouched.isEmpty() && readings.size() < maxReadings) {
                    Chunk chunk = untouched.pollFirst();
                    taken.put(chunk.seq, chunk);
                    if (!takeFrom(chunk, reader, maxReadings, readings, slices)) {
                        taken.remove(chunk.seq);
                        forget(chunk);
                        unreadable.add(chunk);
                    }
                }
            }
            if (readings.isEmpty()) {
                return Optional.empty(); // everything available was unreadable; the writer discards it
            }
            long id = nextBatchId++;
            batches.put(id, slices);
            return Optional.of(new Batch(id, readings));
        } finally {
            lock.unlock();
        }
    }

    private boolean takeFrom(Chunk chunk, ChunkReader reader, int max, List<Reading> out, List<Slice> slices) {
        List<Reading> all = decoded.get(chunk.seq);
        if (all == null) {
            try {
                all = reader.read(chunk.seq);
            } catch (CorruptRecordException e) {
                return false;
            }
            if (all.size() != chunk.count) {
                return false;
            }
            decoded.put(chunk.seq, all);
        }
        int[] picked = new int[Math.min(chunk.available(), max - out.size())];
        int n = 0;
        for (int i = 0; i < chunk.count && n < picked.length; i++) {
            if (!chunk.delivered.get(i) && !chunk.inFlight.get(i)) {
                chunk.inFlight.set(i);
                picked[n++] = i;
                out.add(all.get(i));
            }
        }
        chunk.inFlightCount += n;
        available -= n;
        slices.add(new Slice(chunk, picked));
        return true;
    }

    /** @return readings newly marked delivered (0 for an unknown or repeated batch) */
    long acknowledge(long batchId) {
        lock.lock();
        try {
            List<Slice> slices = batches.remove(batchId);
            if (slices == null) {
                return 0;
            }
            long delivered = 0;
            for (Slice s : slices) {
                Chunk c = s.chunk();
                if (c.removed) {
                    continue; // dropped while out: already counted as a drop
                }
                for (int i : s.positions()) {
                    c.inFlight.clear(i);
                    c.delivered.set(i);
                }
                c.inFlightCount -= s.positions().length;
                c.deliveredCount += s.positions().length;
                counts.get(c.priority)[0] -= s.positions().length;
                delivered += s.positions().length;
                if (c.complete()) {
                    classes.get(c.priority).remove(c.seq);
                    c.removed = true;
                    chunkCount--;
                    counts.get(c.priority)[1] -= c.bytes;
                    decoded.remove(c.seq);
                    completed.add(c);
                }
            }
            return delivered;
        } finally {
            lock.unlock();
        }
    }

    void release(long batchId) {
        lock.lock();
        try {
            List<Slice> slices = batches.remove(batchId);
            if (slices == null) {
                return;
            }
            for (Slice s : slices) {
                Chunk c = s.chunk();
                for (int i : s.positions()) {
                    c.inFlight.clear(i);
                }
                c.inFlightCount -= s.positions().length;
                if (!c.removed) {
                    available += s.positions().length;
                }
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** @return chunks whose readings are all delivered since the last call, for deletion (and archiving) */
    List<Chunk> drainCompleted() {
        return drain(completed);
    }

    /** @return chunks found unreadable by {@code take} since the last call, for deletion */
    List<Chunk> drainUnreadable() {
        return drain(unreadable);
    }

    /** Runs {@code action} while no {@code take} reads the store. */
    void exclusive(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    /** Puts back deletions whose commit failed, so the next commit retries them. */
    void requeue(List<Chunk> completedChunks, List<Chunk> unreadableChunks) {
        lock.lock();
        try {
            completed.addAll(completedChunks);
            unreadable.addAll(unreadableChunks);
        } finally {
            lock.unlock();
        }
    }

    /** @return the oldest chunk of the lowest non-empty class, now removed; null when the outbox is empty */
    Chunk removeOldestOfLowestClass() {
        lock.lock();
        try {
            for (int p = DRAIN_ORDER.length - 1; p >= 0; p--) {
                Map.Entry<Long, Chunk> first = classes.get(DRAIN_ORDER[p]).pollFirstEntry();
                Chunk oldest = first != null ? first.getValue()
                        : cold.get(DRAIN_ORDER[p]).isEmpty() ? null : cold.get(DRAIN_ORDER[p]).pollFirst();
                if (oldest != null) {
                    forget(oldest);
                    return oldest;
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** @return chunks of any class appended before {@code cutoffMillis}, now removed */
    List<Chunk> removeAppendedBefore(long cutoffMillis) {
        lock.lock();
        try {
            List<Chunk> expired = new ArrayList<>();
            for (Priority p : DRAIN_ORDER) {
                // append stamps grow with the sequence, so expired chunks form a prefix of each class: first the
                // taken ones, then the untouched ones behind them
                TreeMap<Long, Chunk> chunks = classes.get(p);
                while (!chunks.isEmpty() && chunks.firstEntry().getValue().appendedMillis < cutoffMillis) {
                    Chunk c = chunks.pollFirstEntry().getValue();
                    forget(c);
                    expired.add(c);
                }
                ColdChunks untouched = cold.get(p);
                while (chunks.isEmpty() && !untouched.isEmpty() && untouched.firstAppendedMillis() < cutoffMillis) {
                    Chunk c = untouched.pollFirst();
                    forget(c);
                    expired.add(c);
                }
            }
            return expired;
        } finally {
            lock.unlock();
        }
    }

    /** @return chunks in the index (the heap it takes grows with them, not with readings or bytes) */
    int chunkCount() {
        lock.lock();
        try {
            return chunkCount;
        } finally {
            lock.unlock();
        }
    }

    long pendingBytes() {
        lock.lock();
        try {
            return counts.values().stream().mapToLong(c -> c[1]).sum();
        } finally {
            lock.unlock();
        }
    }

    ClassDepth depth(Priority priority, long nowMillis) {
        lock.lock();
        try {
            long[] c = counts.get(priority);
            Map.Entry<Long, Chunk> first = classes.get(priority).firstEntry();
            ColdChunks untouched = cold.get(priority);
            long oldest = first != null ? first.getValue().appendedMillis
                    : untouched.isEmpty() ? nowMillis : untouched.firstAppendedMillis();
            long age = Math.max(0, nowMillis - oldest);
            return new ClassDepth(c[0], c[1], age);
        } finally {
            lock.unlock();
        }
    }

    /** Caller holds the lock; the chunk is already out of its class map. */
    private void forget(Chunk c) {
        c.removed = true;
        chunkCount--;
        long[] counters = counts.get(c.priority);
        counters[0] -= c.pending();
        counters[1] -= c.bytes;
        available -= c.available();
        decoded.remove(c.seq);
    }

    private List<Chunk> drain(List<Chunk> list) {
        lock.lock();
        try {
            List<Chunk> out = List.copyOf(list);
            list.clear();
            return out;
        } finally {
            lock.unlock();
        }
    }
}
