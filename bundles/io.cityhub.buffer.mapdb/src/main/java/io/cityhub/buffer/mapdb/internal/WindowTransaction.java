package io.cityhub.buffer.mapdb.internal;

import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One commit's transaction over the store and the in-memory index: new chunks per class, the bound (drop oldest or
 * reject new), expiry, deletion and archiving of delivered chunks.
 *
 * <p>It is not a pure plan, on purpose: {@link Context#begin} already <em>claims</em> from the {@link PendingIndex}
 * the chunks this commit drops (bound, expiry) and the completed and unreadable ones it deletes, so that no
 * {@code take} hands out readings of a chunk that is being dropped while the commit runs. {@link #stage()} then
 * writes every change into the store's open MapDB transaction; after the commit {@link #committed()} makes the new
 * chunks takeable and moves the counters; if the commit fails, {@link #rolledBack()} returns the claimed chunks to
 * the index so the next commit retries them.
 */
final class WindowTransaction {

    private static final Logger LOG = LoggerFactory.getLogger(WindowTransaction.class);

    /** What every transaction works on, and the chunk sequence; used by the writer thread only. */
    static final class Context {
        private final ChunkStore store;
        private final PendingIndex index;
        private final RetentionArchive archive;
        private final ChunkCodec codec;
        private final BufferCounters counters;
        private final Supplier<BufferOptions> options;
        private final long maxChunks;
        private long nextSeq;

        Context(ChunkStore store, PendingIndex index, RetentionArchive archive, ChunkCodec codec,
                BufferCounters counters, Supplier<BufferOptions> options, long nextSeq, long maxChunks) {
            this.maxChunks = maxChunks;
            this.store = store;
            this.index = index;
            this.archive = archive;
            this.codec = codec;
            this.counters = counters;
            this.options = options;
            this.nextSeq = nextSeq;
        }

        /**
         * @param maxHeapBytes the JVM's heap bound
         * @param oldGenerationBytes the bound of the heap's old generation, where a long-lived index ends up (the
         *     heap bound where the collector has no separate one)
         * @return how many chunks the index may hold: a quarter of the heap, and at most a third of the old
         *     generation, at 64 bytes each (an untouched chunk takes 48-61), at least 10,000. The old generation
         *     also holds the rest of the gateway's live set (28 MB at 20,000 readings/s with a thousand LoRa devices),
         *     so with a small heap and a large young generation a quarter of the heap would not fit beside it.
         */
        static long maxChunks(long maxHeapBytes, long oldGenerationBytes) {
            return Math.max(10_000, Math.min(maxHeapBytes / 4, oldGenerationBytes / 3) / 64);
        }

        /**
         * Claims what this commit drops or deletes from the index and sorts the window's appends.
         *
         * @param nowMillis the wall clock: stamps new chunks, paces the archive
         * @param nowNanos the monotonic clock: ages pending chunks for {@code max.age.seconds}
         */
        WindowTransaction begin(List<GroupCommitWriter.AppendRequest> window, long nowMillis, long nowNanos) {
            return new WindowTransaction(this, window, nowMillis, nowNanos);
        }
    }

    private final Context f;
    /** The options in force when the plan was made; one snapshot for the whole commit. */
    private final BufferOptions o;
    private final long now;
    private final long nowNanos;
    private final List<GroupCommitWriter.AppendRequest> accepted = new ArrayList<>();
    private final List<GroupCommitWriter.AppendRequest> rejected = new ArrayList<>();
    private final List<Chunk> full = new ArrayList<>();
    private final List<Chunk> expired;
    private final List<Chunk> completed;
    private final List<Chunk> unreadable;
    private final boolean evict;
    private final List<Chunk> written = new ArrayList<>();
    private final Map<String, Long> lost = new TreeMap<>();
    private long appended;
    private final String fullReason;

    private WindowTransaction(Context f, List<GroupCommitWriter.AppendRequest> window, long now, long nowNanos) {
        this.f = f;
        this.o = f.options.get();
        this.now = now;
        this.nowNanos = nowNanos;
        long pending = f.index.pendingBytes();
        long incoming = 0;
        for (GroupCommitWriter.AppendRequest r : window) {
            if (o.fullPolicy() == FullPolicy.REJECT_NEW && pending + incoming + r.bytes() > o.maxBytes()) {
                rejected.add(r);
            } else {
                accepted.add(r);
                incoming += r.bytes();
            }
        }
        String bound = "outbox at its bound of " + o.maxBytes() + " bytes";
        while (pending + incoming > o.maxBytes()) {
            Chunk victim = f.index.removeOldestOfLowestClass();
            if (victim == null) {
                break; // one window larger than the whole bound: take it anyway, the next window drops it
            }
            full.add(victim);
            pending -= victim.bytes;
        }
        // The index's heap grows with chunks, and a light load during a long outage makes many chunks of one reading
        // each: the same policy applies at the chunk bound, so a backlog can never exhaust the heap. A commit adds at
        // most one chunk per class.
        int newChunks = accepted.isEmpty() ? 0 : Priority.values().length;
        if (newChunks > 0 && f.index.chunkCount() + newChunks > f.maxChunks) {
            if (o.fullPolicy() == FullPolicy.REJECT_NEW) {
                bound = "outbox index at its bound of " + f.maxChunks + " chunks (a quarter of the heap)";
                rejected.addAll(accepted);
                accepted.clear();
            } else {
                Chunk victim;
                while (f.index.chunkCount() + newChunks > f.maxChunks
                        && (victim = f.index.removeOldestOfLowestClass()) != null) {
                    full.add(victim);
                }
            }
        }
        fullReason = bound;
        // age on the monotonic clock: a wall clock stepped forward (NTP after a boot without a real-time clock)
        // must not expire readings that were stored seconds ago, nor one stepped back keep them for ever
        expired = o.maxAge().isZero() ? List.of() : f.index.removeAppendedBefore(nowNanos - o.maxAge().toNanos());
        completed = f.index.drainCompleted();
        unreadable = f.index.drainUnreadable();
        evict = f.archive.needsEviction(now);
    }

    List<GroupCommitWriter.AppendRequest> accepted() {
        return accepted;
    }

    List<GroupCommitWriter.AppendRequest> rejected() {
        return rejected;
    }

    /** @return why {@link #rejected()} appends were refused */
    String fullReason() {
        return fullReason;
    }

    boolean isEmpty() {
        return accepted.isEmpty() && full.isEmpty() && expired.isEmpty() && completed.isEmpty()
                && unreadable.isEmpty() && !evict;
    }

    /** Stages every change in the store's open transaction. */
    void stage() {
        Map<Priority, List<EncodedReading>> byClass = new EnumMap<>(Priority.class);
        for (GroupCommitWriter.AppendRequest r : accepted) {
            for (EncodedReading e : r.readings()) {
                byClass.computeIfAbsent(e.reading().priority(), p -> new ArrayList<>()).add(e);
                appended++;
            }
        }
        List<EncodedReading> gaps = new ArrayList<>();
        drop(full, BufferCounters.FULL, gaps);
        drop(expired, BufferCounters.EXPIRED, gaps);
        if (!gaps.isEmpty()) {
            byClass.computeIfAbsent(Priority.SAFETY, p -> new ArrayList<>()).addAll(0, gaps);
        }
        for (Chunk c : completed) {
            if (o.retains()) {
                f.archive.retain(c.seq, c.header, c.bytes, now); // marks it; the chunk stays where it is
            } else {
                f.store.deleteChunk(c.seq);
            }
        }
        for (Chunk c : unreadable) {
            f.store.deleteChunk(c.seq);
            lost.merge(BufferCounters.CORRUPT, (long) c.pending(), Long::sum);
        }
        f.archive.evict(now);
        byClass.forEach((priority, readings) -> {
            int from = 0;
            int size = 0;
            for (int i = 0; i < readings.size(); i++) {
                size += readings.get(i).bytes().length + 3;
                if (size > ChunkCodec.MAX_CHUNK_BYTES - 64 && i > from) {
                    put(priority, readings.subList(from, i));
                    from = i;
                    size = readings.get(i).bytes().length + 3;
                }
            }
            put(priority, readings.subList(from, readings.size()));
        });
    }

    private void put(Priority priority, List<EncodedReading> readings) {
        byte[] chunk = f.codec.encode(priority, now, readings);
        long seq = f.nextSeq++;
        f.store.putChunk(seq, chunk);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (EncodedReading r : readings) {
            min = Math.min(min, r.reading().timestamp().getEpochSecond());
            max = Math.max(max, r.reading().timestamp().getEpochSecond());
        }
        written.add(new Chunk(seq, new ChunkCodec.Header(priority, now, min, max, readings.size()), chunk.length,
                nowNanos));
    }

    private void drop(List<Chunk> chunks, String reason, List<EncodedReading> gaps) {
        for (Chunk c : chunks) {
            byte[] bytes = f.store.deleteChunk(c.seq);
            if (bytes == null) {
                continue;
            }
            List<Reading> all;
            try {
                all = f.codec.decode(bytes);
            } catch (CorruptRecordException e) {
                lost.merge(BufferCounters.CORRUPT, (long) c.pending(), Long::sum);
                continue;
            }
            BitSet wasDelivered = c.delivered;
            List<Reading> gone = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (!wasDelivered.get(i)) {
                    gone.add(all.get(i));
                }
            }
            lost.merge(reason, (long) gone.size(), Long::sum);
            for (Reading gap : GapRecorder.gaps(gone, reason, Instant.ofEpochMilli(now))) {
                gaps.add(new EncodedReading(gap, f.codec.readingCodec().encode(gap)));
            }
            if (o.retains() && !wasDelivered.isEmpty()) {
                retainDelivered(c, bytes, wasDelivered);
            }
        }
    }

    /** A dropped chunk of which some readings had been delivered: those stay for replay. */
    private void retainDelivered(Chunk c, byte[] bytes, BitSet wasDelivered) {
        try {
            byte[] subset = f.codec.subset(bytes, wasDelivered, c.appendedMillis);
            f.store.putChunk(c.seq, subset);
            f.archive.retain(c.seq, f.codec.header(subset), subset.length, now);
        } catch (CorruptRecordException e) {
            LOG.debug("not retaining chunk {}: {}", c.seq, e.getMessage());
        }
    }

    /** After a successful commit: new chunks become takeable, counters move. */
    void committed() {
        written.forEach(f.index::add);
        f.counters.appended(appended);
        lost.forEach((reason, n) -> {
            f.counters.dropped(reason, n);
            // sustained drops happen every window: warn on the first, the counters tell the rest
            if (n > 0 && f.counters.drops().getOrDefault(reason, 0L) == n) {
                LOG.warn("Outbox started dropping readings ({}); gap records are queued, see metrics", reason);
            }
        });
    }

    /** After a failed commit (the store rolled back): claimed chunks are pending again, deletions retried. */
    void rolledBack() {
        full.forEach(f.index::add);
        expired.forEach(f.index::add);
        f.index.requeue(completed, unreadable);
    }
}
