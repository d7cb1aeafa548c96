package io.cityhub.buffer.mapdb.internal;

import io.cityhub.api.Reading;
import io.cityhub.api.buffer.ReplayPage;
import io.cityhub.api.buffer.ReplayQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivered chunks kept for replay, bounded by bytes and by time since delivery, oldest evicted first. A retained
 * chunk stays where it was written in the store's {@code outbox} map and is marked in its {@code delivered} map, so
 * retention costs no second copy on flash. This keeps a small in-memory index (delivery time, timestamp range), so a
 * replay decodes only chunks that can hold matching readings.
 */
final class RetentionArchive {

    private record Entry(long deliveredMillis, long minSecond, long maxSecond, int bytes) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(RetentionArchive.class);

    private final ChunkStore store;
    private final ChunkCodec codec;
    private final Supplier<BufferOptions> options;
    private final TreeMap<Long, Entry> entries = new TreeMap<>();
    private long bytes;

    RetentionArchive(ChunkStore store, ChunkCodec codec, Supplier<BufferOptions> options) {
        this.store = store;
        this.codec = codec;
        this.options = options;
    }

    /** Indexes a retained chunk found when the store is opened. */
    synchronized void loaded(long seq, ChunkCodec.Header header, int size, long deliveredMillis) {
        index(seq, header, size, deliveredMillis);
    }

    /**
     * Retains a delivered chunk that is in the outbox map (writer thread; durable with the next commit).
     *
     * @param seq the chunk's sequence
     * @param header its header
     * @param size its stored size
     * @param nowMillis delivery time
     */
    synchronized void retain(long seq, ChunkCodec.Header header, int size, long nowMillis) {
        store.markDelivered(seq, nowMillis);
        index(seq, header, size, nowMillis);
    }

    /** Evicts the oldest chunks beyond the byte bound or the age bound (writer thread). */
    synchronized void evict(long nowMillis) {
        BufferOptions o = options.get();
        long cutoff = nowMillis - o.retentionMaxAge().toMillis();
        while (!entries.isEmpty()) {
            Map.Entry<Long, Entry> first = entries.firstEntry();
            boolean keep = o.retains() && bytes <= o.retentionMaxBytes()
                    && first.getValue().deliveredMillis() >= cutoff;
            if (keep) {
                return;
            }
            entries.pollFirstEntry();
            bytes -= first.getValue().bytes();
            store.deleteChunk(first.getKey());
        }
    }

    /** @return whether {@link #evict} would remove anything now */
    synchronized boolean needsEviction(long nowMillis) {
        if (entries.isEmpty()) {
            return false;
        }
        BufferOptions o = options.get();
        return !o.retains() || bytes > o.retentionMaxBytes()
                || entries.firstEntry().getValue().deliveredMillis() < nowMillis - o.retentionMaxAge().toMillis();
    }

    synchronized long bytes() {
        return bytes;
    }

    /**
     * @param query range, sensor, cursor and page size
     * @return the next page, by timestamp then id, duplicates removed
     */
    ReplayPage replay(ReplayQuery query) {
        ReplayCursor cursor = query.cursor() == null ? null : ReplayCursor.parse(query.cursor());
        long fromSecond = Math.max(
                query.from().getEpochSecond(),
                cursor == null ? Long.MIN_VALUE : cursor.timestamp().getEpochSecond());
        long toSecond = query.to().getEpochSecond();
        List<Long> candidates = new ArrayList<>();
        synchronized (this) {
            entries.forEach((seq, e) -> {
                if (e.maxSecond() >= fromSecond && e.minSecond() <= toSecond) {
                    candidates.add(seq);
                }
            });
        }
        // the smallest limit+1 matches: memory stays O(limit) whatever the archive size; the set drops
        // duplicates (same timestamp and id) that at-least-once delivery archived twice
        TreeSet<Reading> best = new TreeSet<>(ReplayCursor.ORDER);
        for (long seq : candidates) {
            byte[] chunk = store.chunk(seq);
            if (chunk == null) {
                continue; // evicted since the index snapshot
            }
            List<Reading> readings;
            try {
                readings = codec.decode(chunk);
            } catch (CorruptRecordException e) {
                LOG.warn("Skipping unreadable archived chunk {}: {}", seq, e.getMessage());
                continue;
            }
            for (Reading r : readings) {
                if (matches(r, query, cursor) && best.add(r) && best.size() > query.limit() + 1) {
                    best.pollLast();
                }
            }
        }
        List<Reading> page = new ArrayList<>(best);
        page.sort(ReplayCursor.ORDER);
        boolean more = page.size() > query.limit();
        if (more) {
            page = page.subList(0, query.limit());
        }
        return new ReplayPage(page, more ? ReplayCursor.after(page.get(page.size() - 1)).encode() : null);
    }

    private static boolean matches(Reading r, ReplayQuery q, ReplayCursor cursor) {
        return !r.timestamp().isBefore(q.from()) && r.timestamp().isBefore(q.to())
                && (q.sensorId() == null || q.sensorId().equals(r.sensorId()))
                && (cursor == null || cursor.precedes(r));
    }

    private void index(long seq, ChunkCodec.Header h, int size, long deliveredMillis) {
        entries.put(seq, new Entry(deliveredMillis, h.minEpochSecond(), h.maxEpochSecond(), size));
        bytes += size;
    }
}
