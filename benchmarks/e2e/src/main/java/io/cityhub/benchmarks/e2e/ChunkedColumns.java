package io.cityhub.benchmarks.e2e;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Columns indexed by a long (a pack or frame number), in chunks allocated when first written, so a ledger costs
 * memory only for what a run sends. Many threads may write distinct indexes at once; a value written is read by the
 * thread that wrote it, or by another after some synchronisation (the ledgers read totals after the load stops).
 */
final class ChunkedColumns {

    private final int chunkBits;
    private final int chunk;
    private final int maxChunks;
    private final String owner;

    /**
     * @param chunkBits log2 of the indexes per chunk
     * @param maxChunks chunks at most: the capacity is {@code maxChunks << chunkBits} indexes
     * @param owner names the ledger in the error for an index beyond the capacity
     */
    ChunkedColumns(int chunkBits, int maxChunks, String owner) {
        this.chunkBits = chunkBits;
        this.chunk = 1 << chunkBits;
        this.maxChunks = maxChunks;
        this.owner = owner;
    }

    private int chunkOf(long index) {
        long c = index >>> chunkBits;
        if (index < 0 || c >= maxChunks) {
            throw new IllegalArgumentException("index " + index + " beyond the " + owner + "'s capacity");
        }
        return (int) c;
    }

    private int offset(long index) {
        return (int) (index & (chunk - 1));
    }

    /** A byte per index, 0 where nothing was written. */
    final class Bytes {
        private final AtomicReferenceArray<byte[]> chunks = new AtomicReferenceArray<>(maxChunks);

        byte get(long index) {
            byte[] c = chunks.get(chunkOf(index));
            return c == null ? 0 : c[offset(index)];
        }

        void set(long index, byte value) {
            int c = chunkOf(index);
            if (chunks.get(c) == null) {
                chunks.compareAndSet(c, null, new byte[chunk]);
            }
            chunks.get(c)[offset(index)] = value;
        }
    }

    /** A long per index, 0 where nothing was written. */
    final class Longs {
        private final AtomicReferenceArray<long[]> chunks = new AtomicReferenceArray<>(maxChunks);

        long get(long index) {
            long[] c = chunks.get(chunkOf(index));
            return c == null ? 0 : c[offset(index)];
        }

        void set(long index, long value) {
            int c = chunkOf(index);
            if (chunks.get(c) == null) {
                chunks.compareAndSet(c, null, new long[chunk]);
            }
            chunks.get(c)[offset(index)] = value;
        }
    }
}
