package io.cityhub.buffer.mapdb.internal;

import java.io.IOException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether the store's disk has room for appends: more usable space than the configured floor, and after a
 * commit failed for lack of space, clearly more than at that failure (hysteresis). Used by the writer thread only.
 */
final class DiskSpaceGuard {

    /**
     * After a commit failed for lack of space, appends resume only once this much more is usable than at the
     * failure. Without it a disk that stays nearly full (another process writing, a floor of 0) flaps between
     * DISK_FULL and AVAILABLE on every tick, each round costing a failed commit, a reopen and two log lines, which
     * fill the disk further. One commit (at most 4096 readings by default) writes well below 1 MiB.
     */
    static final long RESUME_MARGIN_BYTES = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(DiskSpaceGuard.class);

    private final FreeSpaceProbe probe;
    private final LongSupplier floorBytes;
    /** Usable bytes seen when a commit last failed for lack of space; -1 when no such failure is pending. */
    private long usableAtFailure = -1;

    /**
     * @param probe asks the file system
     * @param floorBytes the configured minimum free space, read at each check (it can change live)
     */
    DiskSpaceGuard(FreeSpaceProbe probe, LongSupplier floorBytes) {
        this.probe = probe;
        this.floorBytes = floorBytes;
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
        if (usableAtFailure >= 0) {
            if (usable - usableAtFailure < RESUME_MARGIN_BYTES) {
                return false;
            }
            usableAtFailure = -1; // clearly more space than when the commit failed: try again
        }
        return usable > floorBytes.getAsLong();
    }

    /** A commit failed with ENOSPC: hold appends back until clearly more space than now is usable. */
    void commitFailedForLackOfSpace() {
        try {
            usableAtFailure = probe.usableBytes();
        } catch (IOException e) {
            usableAtFailure = 0;
        }
    }
}
