package io.cityhub.benchmarks.e2e;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What happened to every pack and reading of the run, indexed by number: the generator numbers packs
 * {@code 0, 1, 2, ...}; reading {@code j} of pack {@code p} is reading {@code p * readingsPerPack + j}, and that
 * number travels as the reading's SenML value, so the platform side can find it without keeping ids in memory.
 * Storage is one byte per pack and one per reading, allocated in chunks as the run goes.
 *
 * <p>Concurrency: a pack's state is written once by whichever Californium thread completes it; a reading's arrival
 * count only by the platform subscriber's callback thread. Final scans run after both sides have stopped.
 */
final class Ledger {

    static final byte PENDING = 0;
    static final byte ACCEPTED = 1;
    static final byte REFUSED = 2;
    static final byte FAILED = 3;

    private static final int CHUNK_BITS = 20;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final int MAX_CHUNKS = 1 << 12;

    private final int readingsPerPack;
    private final Column packState = new Column();
    private final Column packPhase = new Column();
    private final Column arrivals = new Column();

    /** Readings answered 2.04 (as the gateway counted them in its answer). */
    final LongAdder acceptedReadings = new LongAdder();
    /** Distinct readings that arrived at the platform. */
    final LongAdder uniqueArrivals = new LongAdder();
    /** Arrivals of a reading that had arrived before. */
    final LongAdder duplicateArrivals = new LongAdder();

    Ledger(int readingsPerPack) {
        this.readingsPerPack = readingsPerPack;
    }

    int readingsPerPack() {
        return readingsPerPack;
    }

    void sent(long pack, int phase) {
        packPhase.set(pack, (byte) phase);
    }

    void completed(long pack, byte state) {
        packState.set(pack, state);
    }

    byte state(long pack) {
        return packState.get(pack);
    }

    int phaseOfReading(long reading) {
        return packPhase.get(reading / readingsPerPack);
    }

    int phaseOfPack(long pack) {
        return packPhase.get(pack);
    }

    /** @return how often this reading has arrived now (1 = first time) */
    int arrived(long reading) {
        int count = arrivals.get(reading) + 1;
        arrivals.set(reading, (byte) Math.min(count, Byte.MAX_VALUE));
        if (count == 1) {
            uniqueArrivals.increment();
        } else {
            duplicateArrivals.increment();
        }
        return count;
    }

    int arrivals(long reading) {
        return arrivals.get(reading);
    }

    /** A byte per index, in lazily allocated 1 MiB chunks. */
    private static final class Column {
        private final AtomicReferenceArray<byte[]> chunks = new AtomicReferenceArray<>(MAX_CHUNKS);

        byte get(long index) {
            byte[] chunk = chunks.get(chunkOf(index));
            return chunk == null ? 0 : chunk[(int) (index & (CHUNK - 1))];
        }

        void set(long index, byte value) {
            int c = chunkOf(index);
            byte[] chunk = chunks.get(c);
            if (chunk == null) {
                chunks.compareAndSet(c, null, new byte[CHUNK]);
                chunk = chunks.get(c);
            }
            chunk[(int) (index & (CHUNK - 1))] = value;
        }

        private static int chunkOf(long index) {
            long c = index >>> CHUNK_BITS;
            if (index < 0 || c >= MAX_CHUNKS) {
                throw new IllegalArgumentException("index " + index + " beyond the ledger's capacity");
            }
            return (int) c;
        }
    }
}
