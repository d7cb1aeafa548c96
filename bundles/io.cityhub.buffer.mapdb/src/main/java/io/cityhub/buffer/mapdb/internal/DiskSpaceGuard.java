package io.cityhub.buffer.mapdb.internal;

import java.io.IOException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether the store's disk has room for appends: more usable space than the configured floor plus a reserve
 * (room for the next checkpoint), and after appends stopped — at the floor, or because a commit failed for lack of
 * space — clearly more than when they stopped (hysteresis). Used by the writer thread only.
 */
final class DiskSpaceGuard {

    /**
     * After appends stopped, they resume only once this much more is usable than at the stop (or the configured floor
     * was lowered). Without it a disk that stays nearly full flaps between DISK_FULL and AVAILABLE: after a failed
     * commit on every tick (another process writing, a floor of 0), each round costing a failed commit, a reopen and
     * two log lines, which fill the disk further; at the floor about once a second, because each checkpoint empties
     * the journal and with it the reserve the floor adds for the next checkpoint (found by {@code tools/}'s
     * {@code DiskFullIT}). One commit (at most 4096 readings by default) writes well below 1 MiB.
     */
    static final long RESUME_MARGIN_BYTES = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(DiskSpaceGuard.class);

    private final FreeSpaceProbe probe;
    private final LongSupplier floorBytes;
    private final LongSupplier reserveBytes;
    /** Usable bytes seen when appends last stopped; -1 while they are not stopped. */
    private long usableAtStop = -1;
    /** The configured floor when appends last stopped. */
    private long floorAtStop;

    /**
     * @param probe asks the file system
     * @param floorBytes the configured minimum free space, read at each check (it can change live)
     */
    DiskSpaceGuard(FreeSpaceProbe probe, LongSupplier floorBytes) {
        this(probe, floorBytes, () -> 0);
    }

    /**
     * @param probe asks the file system
     * @param floorBytes the configured minimum free space, read at each check (it can change live)
     * @param reserveBytes what must be free beyond the floor, read at each check (room for the next checkpoint)
     */
    DiskSpaceGuard(FreeSpaceProbe probe, LongSupplier floorBytes, LongSupplier reserveBytes) {
        this.probe = probe;
        this.floorBytes = floorBytes;
        this.reserveBytes = reserveBytes;
    }

    /** @return whether appends may go ahead; true when the file system cannot be asked (the commit will tell) */
    boolean hasRoom() {
        long usable;
        try {
            usable = probe.usableBytes();
        } catch (IOException e) {
            LOG.debug("cannot ask the file system for free space: {}", e.toString());
            return true;
        }
        long floor = floorBytes.getAsLong();
        if (usableAtStop >= 0) {
            if (usable - usableAtStop < RESUME_MARGIN_BYTES && floor >= floorAtStop) {
                return false;
            }
            usableAtStop = -1; // clearly more space than at the stop, or a lower floor: try again
        }
        if (usable > floor + reserveBytes.getAsLong()) {
            return true;
        }
        stop(usable, floor);
        return false;
    }

    /** A commit failed with ENOSPC: hold appends back until clearly more space than now is usable. */
    void commitFailedForLackOfSpace() {
        long usable;
        try {
            usable = probe.usableBytes();
        } catch (IOException e) {
            usable = 0;
        }
        stop(usable, floorBytes.getAsLong());
    }

    private void stop(long usable, long floor) {
        usableAtStop = usable;
        floorAtStop = floor;
    }
}
