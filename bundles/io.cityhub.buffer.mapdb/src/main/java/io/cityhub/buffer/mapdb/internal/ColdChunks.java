package io.cityhub.buffer.mapdb.internal;

import io.cityhub.api.Priority;
import java.util.Arrays;

/**
 * The chunks of one priority class that no batch has touched yet, oldest first, in columns of primitives: 40 bytes
 * of heap per chunk instead of about 270 for a {@link Chunk} with its bit sets and tree entry. During an outage at a
 * light load every commit is a chunk of one reading or a few, so the index of a long backlog is made of these; a
 * chunk becomes a {@link Chunk} only when it is taken or dropped. Not thread-safe: guarded by the
 * {@link PendingIndex} lock.
 */
final class ColdChunks {

    /** Heap per chunk held here: the six columns. */
    static final int BYTES_PER_CHUNK = 8 * 4 + 4 * 2;

    private final Priority priority;
    private long[] seqs = new long[16];
    private long[] stamps = new long[16];
    private long[] minSeconds = new long[16];
    private long[] maxSeconds = new long[16];
    private int[] counts = new int[16];
    private int[] bytes = new int[16];
    private int head;
    private int size;

    ColdChunks(Priority priority) {
        this.priority = priority;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** @return the sequence number of the oldest chunk; only when not empty */
    long firstSeq() {
        return seqs[head];
    }

    /** @return the sequence number of the newest chunk; only when not empty */
    long lastSeq() {
        return seqs[head + size - 1];
    }

    /** @return when the oldest chunk was appended; only when not empty */
    long firstAppendedMillis() {
        return stamps[head];
    }

    /**
     * Appends a chunk that nothing has taken yet.
     *
     * @param chunk a chunk with nothing delivered or in flight, newer than every chunk held here
     */
    void add(Chunk chunk) {
        if (size > 0 && chunk.seq <= lastSeq()) {
            throw new IllegalArgumentException("chunk " + chunk.seq + " is not newer than " + lastSeq());
        }
        if (head + size == seqs.length) {
            makeRoom();
        }
        int at = head + size;
        seqs[at] = chunk.seq;
        stamps[at] = chunk.header.stampMillis();
        minSeconds[at] = chunk.header.minEpochSecond();
        maxSeconds[at] = chunk.header.maxEpochSecond();
        counts[at] = chunk.count;
        bytes[at] = chunk.bytes;
        size++;
    }

    /** @return the oldest chunk as a {@link Chunk}, now removed from here; only when not empty */
    Chunk pollFirst() {
        Chunk chunk = new Chunk(seqs[head],
                new ChunkCodec.Header(priority, stamps[head], minSeconds[head], maxSeconds[head], counts[head]),
                bytes[head]);
        head++;
        size--;
        if (size == 0) {
            head = 0;
        }
        if (seqs.length > 1024 && size < seqs.length / 4) {
            shrink(); // a drained backlog gives its columns back
        }
        return chunk;
    }

    private void shrink() {
        int capacity = Math.max(16, size * 2);
        seqs = Arrays.copyOfRange(seqs, head, head + capacity);
        stamps = Arrays.copyOfRange(stamps, head, head + capacity);
        minSeconds = Arrays.copyOfRange(minSeconds, head, head + capacity);
        maxSeconds = Arrays.copyOfRange(maxSeconds, head, head + capacity);
        counts = Arrays.copyOfRange(counts, head, head + capacity);
        bytes = Arrays.copyOfRange(bytes, head, head + capacity);
        head = 0;
    }

    /** Compacts to the front when at least half is free, otherwise grows by half. */
    private void makeRoom() {
        int capacity = head >= seqs.length / 2 ? seqs.length : seqs.length + seqs.length / 2;
        seqs = moved(seqs, capacity);
        stamps = moved(stamps, capacity);
        minSeconds = moved(minSeconds, capacity);
        maxSeconds = moved(maxSeconds, capacity);
        counts = moved(counts, capacity);
        bytes = moved(bytes, capacity);
        head = 0;
    }

    private long[] moved(long[] column, int capacity) {
        long[] out = capacity == column.length ? column : new long[capacity];
        System.arraycopy(column, head, out, 0, size);
        if (out == column) {
            Arrays.fill(column, size, column.length, 0L);
        }
        return out;
    }

    private int[] moved(int[] column, int capacity) {
        int[] out = capacity == column.length ? column : new int[capacity];
        System.arraycopy(column, head, out, 0, size);
        if (out == column) {
            Arrays.fill(column, size, column.length, 0);
        }
        return out;
    }
}
