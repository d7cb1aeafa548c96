package io.cityhub.buffer.mapdb.internal;

import io.cityhub.api.Priority;
import java.util.BitSet;

/**
 * In-memory bookkeeping of one stored chunk: which of its readings are delivered and which are out in a batch.
 * Neither is persisted: after a restart every reading of a stored chunk is pending again (at least once).
 * Guarded by the {@link PendingIndex} lock.
 */
final class Chunk {

    final long seq;
    final ChunkCodec.Header header;
    final Priority priority;
    /** Wall-clock append time as stored in the chunk; kept for the archive, never used to measure age. */
    final long appendedMillis;
    /**
     * When the chunk was appended on the monotonic clock ({@link System#nanoTime()}): ages are measured on it, so a
     * step of the wall clock never ages a chunk. For a chunk loaded at open, the age the wall clock gave it then.
     */
    final long appendedNanos;
    final int count;
    final int bytes;
    final BitSet delivered = new BitSet();
    final BitSet inFlight = new BitSet();
    int deliveredCount;
    int inFlightCount;
    boolean removed;

    Chunk(long seq, ChunkCodec.Header header, int bytes, long appendedNanos) {
        this.seq = seq;
        this.appendedNanos = appendedNanos;
        this.header = header;
        this.priority = header.priority();
        this.appendedMillis = header.stampMillis();
        this.count = header.count();
        this.bytes = bytes;
    }

    /** @return readings neither delivered nor out in a batch */
    int available() {
        return count - deliveredCount - inFlightCount;
    }

    /** @return readings not yet delivered */
    int pending() {
        return count - deliveredCount;
    }

    boolean complete() {
        return deliveredCount == count;
    }
}
