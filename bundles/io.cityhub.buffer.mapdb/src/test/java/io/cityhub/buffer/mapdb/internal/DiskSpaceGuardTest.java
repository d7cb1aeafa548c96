package io.cityhub.buffer.mapdb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DiskSpaceGuardTest {

    private static final long MIB = 1 << 20;

    private final AtomicLong usable = new AtomicLong(100 * MIB);
    private final AtomicLong floor = new AtomicLong(16 * MIB);
    private final DiskSpaceGuard guard = new DiskSpaceGuard(usable::get, floor::get);

    @Test
    void roomOnlyAboveTheFloor() {
        assertThat(guard.hasRoom()).isTrue();
        usable.set(16 * MIB + 1);
        assertThat(guard.hasRoom()).isTrue();
        usable.set(16 * MIB);
        assertThat(guard.hasRoom()).isFalse();
    }

    @Test
    void afterStoppingAtTheFloorAppendsResumeOnlyWithAMarginMoreThanAtTheStop() {
        usable.set(16 * MIB);
        assertThat(guard.hasRoom()).isFalse();

        // a few bytes above the floor would admit appends again, to stop at the next commit: flapping
        usable.set(16 * MIB + 1);
        assertThat(guard.hasRoom()).isFalse();
        usable.set(16 * MIB + DiskSpaceGuard.RESUME_MARGIN_BYTES - 1);
        assertThat(guard.hasRoom()).isFalse();
        usable.set(16 * MIB + DiskSpaceGuard.RESUME_MARGIN_BYTES);
        assertThat(guard.hasRoom()).isTrue();
    }

    @Test
    void aCheckpointThatEmptiesTheReserveDoesNotResumeAppendsByItself() {
        AtomicLong reserve = new AtomicLong(4 * MIB);
        DiskSpaceGuard withReserve = new DiskSpaceGuard(usable::get, floor::get, reserve::get);
        usable.set(20 * MIB);
        assertThat(withReserve.hasRoom()).as("20 MiB usable, 16 MiB floor, 4 MiB for the checkpoint").isFalse();

        // the checkpoint ran: the journal is empty, so is the reserve it needs; the disk is just as full
        reserve.set(0);
        assertThat(withReserve.hasRoom()).isFalse();
        usable.set(20 * MIB + DiskSpaceGuard.RESUME_MARGIN_BYTES);
        assertThat(withReserve.hasRoom()).isTrue();
    }

    @Test
    void floorChangesApplyAtTheNextCheck() {
        floor.set(200 * MIB);
        assertThat(guard.hasRoom()).isFalse();
        floor.set(0);
        assertThat(guard.hasRoom()).isTrue();
    }

    @Test
    void afterAFailedCommitAppendsResumeOnlyWithAMarginMoreThanAtTheFailure() {
        floor.set(0);
        usable.set(5 * MIB);
        guard.commitFailedForLackOfSpace();

        // the floor alone would admit appends; the hysteresis holds them back until clearly more space is usable
        assertThat(guard.hasRoom()).isFalse();
        usable.set(5 * MIB + DiskSpaceGuard.RESUME_MARGIN_BYTES - 1);
        assertThat(guard.hasRoom()).isFalse();
        usable.set(5 * MIB + DiskSpaceGuard.RESUME_MARGIN_BYTES);
        assertThat(guard.hasRoom()).isTrue();
        // once resumed, the failure is forgotten: back to the floor rule
        usable.set(MIB);
        assertThat(guard.hasRoom()).isTrue();
    }

    @Test
    void unknownSpaceLetsTheCommitTell() {
        DiskSpaceGuard blind = new DiskSpaceGuard(() -> {
            throw new IOException("statfs failed");
        }, floor::get);
        assertThat(blind.hasRoom()).isTrue();
        blind.commitFailedForLackOfSpace();
        assertThat(blind.hasRoom()).isTrue();
    }
}
