package io.cityhub.benchmarks.e2e;

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

    /** 2^20 packs per chunk, up to 2^32 packs. */
    private final ChunkedColumns columns = new ChunkedColumns(20, 1 << 12, "ledger");

    private final int readingsPerPack;
    private final ChunkedColumns.Bytes packState = columns.new Bytes();
    private final ChunkedColumns.Bytes packPhase = columns.new Bytes();
    private final ChunkedColumns.Bytes arrivals = columns.new Bytes();

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
}
