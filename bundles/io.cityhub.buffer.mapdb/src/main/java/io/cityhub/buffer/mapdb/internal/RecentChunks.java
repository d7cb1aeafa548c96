package io.cityhub.buffer.mapdb.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The bytes of recently written chunks, by sequence, up to a bound: what {@link ChunkStore} would otherwise read back
 * from its file when the uplink takes a chunk moments after it was written. Once the bound is reached, further chunks
 * are simply not kept (the file has them); entries leave when their chunk is delivered, deleted or replaced. Only the
 * writer thread changes it; any thread reads.
 */
final class RecentChunks {

    /**
     * Bytes of chunk data kept at most: under load a chunk is taken within milliseconds of its commit, so what is
     * pending at once is far below this (20,000 readings/s write about 1.2 MB/s of chunks); in an outage the oldest
     * pending chunks stay here and the uplink starts with them when the broker returns. Small, because what is kept
     * here lives long enough to reach the old generation of a small heap.
     */
    static final long MAX_BYTES = 1L << 20;

    private final ConcurrentHashMap<Long, byte[]> chunks = new ConcurrentHashMap<>();
    private final long maxBytes;
    // writer thread only
    private long bytes;

    RecentChunks(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** @return the chunk's bytes if they are kept here, else null */
    byte[] get(long seq) {
        return chunks.get(seq);
    }

    /** Keeps (or replaces) a chunk's bytes if the bound allows; a replaced chunk is never left here stale. */
    void put(long seq, byte[] chunk) {
        remove(seq);
        if (bytes + chunk.length <= maxBytes) {
            chunks.put(seq, chunk);
            bytes += chunk.length;
        }
    }

    /** @return the removed chunk's bytes, or null if they were not kept here */
    byte[] remove(long seq) {
        byte[] gone = chunks.remove(seq);
        if (gone != null) {
            bytes -= gone.length;
        }
        return gone;
    }

    void clear() {
        chunks.clear();
        bytes = 0;
    }

    /** @return bytes kept */
    long bytes() {
        return bytes;
    }

    /** @return chunks kept */
    int size() {
        return chunks.size();
    }
}
