package io.cityhub.sensor.lora.internal;

import static io.cityhub.sensor.lora.internal.DeviceSessionTest.abp;
import static io.cityhub.sensor.lora.internal.DeviceSessionTest.up;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The session journal and its snapshot with real files: what a crash at each point leaves behind is read back as
 * exactly what was acknowledged; damage that could hide acknowledged counters is a clear error, never a fresh start.
 * A "crash" is a store that is simply abandoned (no close, no fold) and a new one opened on the same directory.
 */
class SessionJournalTest {

    static final long DEV_EUI = 0x0102030405060708L;
    static final long NEVER_FOLD = Long.MAX_VALUE;

    @TempDir
    Path dir;

    final LoraCounters counters = new LoraCounters(Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"),
            ZoneOffset.UTC), LoggerFactory.getLogger(SessionJournalTest.class));

    SessionStore store(long foldBytes) throws IOException {
        return new SessionStore(dir, foldBytes, counters);
    }

    long fCntUpNext() throws IOException {
        return new SessionStore(dir).load(DEV_EUI).orElseThrow().fCntUpNext();
    }

    Path journal() {
        return dir.resolve(SessionStore.JOURNAL);
    }

    /** Three frames, one commit (one journal record) each. */
    void threeCommittedFrames() throws Exception {
        DeviceSession session = new DeviceSession(abp(false), store(NEVER_FOLD));
        session.acceptUplink(up(1, "01"));
        session.acceptUplink(up(2, "02"));
        session.acceptUplink(up(3, "03"));
    }

    @Test
    void aDamagedRecordWithIntactRecordsBehindItIsAClearErrorNotAFreshStart() throws Exception {
        threeCommittedFrames();
        byte[] data = Files.readAllBytes(journal());
        // a bit flips inside the body of the first record (the new session of the ABP device)
        int first = SessionJournal.HEADER_BYTES;
        data[first + SessionJournal.RECORD_HEADER_BYTES + 5] ^= 0x10;
        Files.write(journal(), data);

        assertThatThrownBy(() -> new SessionStore(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining(journal().toString())
                .hasMessageContaining("record at byte " + first + " is damaged")
                .hasMessageContaining("not started over");
        // nothing was cut off or rewritten by the failed start
        assertThat(Files.readAllBytes(journal())).isEqualTo(data);
    }

    @Test
    void aDamagedLengthInTheMiddleIsFoundByTheRecordsBehindIt() throws Exception {
        threeCommittedFrames();
        byte[] data = Files.readAllBytes(journal());
        // the length of the first record now points far past the end of the file, as a torn tail's would
        ByteBuffer.wrap(data).putInt(SessionJournal.HEADER_BYTES + 4, 1 << 20);
        Files.write(journal(), data);

        assertThatThrownBy(() -> new SessionStore(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("is damaged and intact records follow it");
    }

    @Test
    void aTornTailIsIgnoredCutOffAndTheJournalGoesOnBehindTheLastIntactRecord() throws Exception {
        threeCommittedFrames();
        try (FileChannel ch = FileChannel.open(journal(), StandardOpenOption.WRITE)) {
            // the last commit (frame 3) was interrupted: only part of its record reached the disk
            ch.truncate(ch.size() - 5);
        }

        SessionStore reopened = store(NEVER_FOLD);

        assertThat(counters.get("sessions.torn_tail")).isEqualTo(1);
        assertThat(reopened.load(DEV_EUI).orElseThrow().fCntUpNext()).isEqualTo(3);
        DeviceSession session = new DeviceSession(abp(false), reopened);
        // frame 3 was never acknowledged: the device's repeat is a new frame, not a retransmission
        assertThat(session.acceptUplink(up(3, "03")).retransmission()).isFalse();
        session.acceptUplink(up(4, "04"));
        // the torn bytes were cut off before the append, so the next start finds no damage in the middle
        assertThat(fCntUpNext()).isEqualTo(5);
    }

    @Test
    void aZeroFilledTailIsATornTailToo() throws Exception {
        threeCommittedFrames();
        byte[] data = Files.readAllBytes(journal());
        int lastRecord = data.length - (SessionJournal.RECORD_HEADER_BYTES + 4 + 25);
        // the file size of the last commit reached the disk, its data did not (and more zeros behind)
        byte[] torn = new byte[data.length + 512];
        System.arraycopy(data, 0, torn, 0, lastRecord);
        Files.write(journal(), torn);

        assertThat(fCntUpNext()).isEqualTo(3);
    }

    @Test
    void restartAfterACrashBetweenJournalAppendAndFoldReplaysTheJournal() throws Exception {
        DeviceSession before = new DeviceSession(abp(false), store(NEVER_FOLD));
        before.acceptUplink(up(10, "01"));
        before.acceptUplink(up(11, "02"));
        assertThat(dir.resolve(SessionStore.SNAPSHOT)).doesNotExist();

        DeviceSession after = new DeviceSession(abp(false), new SessionStore(dir));

        assertThatThrownBy(() -> after.acceptUplink(up(10, "01")))
                .extracting(e -> ((DropException) e).reason()).isEqualTo("replay");
        assertThat(after.acceptUplink(up(11, "02")).retransmission()).isTrue();
    }

    @Test
    void aCrashAfterTheFoldBeforeTheJournalRestartedDoesNotApplyTheFoldedJournalAgain() throws Exception {
        DeviceSession first = new DeviceSession(abp(false), store(NEVER_FOLD));
        first.acceptUplink(up(5, "01"));
        first.acceptUplink(up(6, "02"));
        Path folded = dir.resolve("journal-before-fold");
        Files.copy(journal(), folded);
        // a store that folds after every commit: frame 7 ends in the snapshot, and the journal restarts
        DeviceSession second = new DeviceSession(abp(false), store(1));
        second.acceptUplink(up(7, "03"));
        assertThat(counters.get("sessions.folds")).isEqualTo(1);
        assertThat(Files.size(journal())).isEqualTo(SessionJournal.HEADER_BYTES);

        // the journal's restart did not reach the disk: the old generation's journal is still there
        Files.move(folded, journal(), StandardCopyOption.REPLACE_EXISTING);

        assertThat(fCntUpNext()).isEqualTo(8);
        DeviceSession third = new DeviceSession(abp(false), new SessionStore(dir));
        assertThatThrownBy(() -> third.acceptUplink(up(6, "02")))
                .extracting(e -> ((DropException) e).reason()).isEqualTo("replay");
    }

    @Test
    void aSnapshotWithoutItsJournalGenerationOrAJournalNewerThanTheSnapshotIsAnError() throws Exception {
        DeviceSession session = new DeviceSession(abp(false), store(1));
        session.acceptUplink(up(1, "01"));
        // the snapshot (generation 1 and up) disappears; the journal of its generation stays
        Files.delete(dir.resolve(SessionStore.SNAPSHOT));

        assertThatThrownBy(() -> new SessionStore(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("snapshot is missing or older than the journal");
    }

    @Test
    void aDamagedSnapshotIsAnError() throws Exception {
        new DeviceSession(abp(false), store(1)).acceptUplink(up(1, "01"));
        byte[] data = Files.readAllBytes(dir.resolve(SessionStore.SNAPSHOT));
        data[30] ^= 1;
        Files.write(dir.resolve(SessionStore.SNAPSHOT), data);

        assertThatThrownBy(() -> new SessionStore(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("damaged or not a cityhub session snapshot");
    }

    @Test
    void foldingKeepsEveryDevicesStateAcrossManyGenerations() throws Exception {
        SessionStore store = store(200);
        DeviceSession a = new DeviceSession(abp(false), store);
        LoraDeviceOptions otherDevice = new LoraDeviceOptions(0x0a0b0c0d0e0f0001L, false, null, new byte[0],
                0x26000001, DeviceSessionTest.NWK, DeviceSessionTest.APP, "", "other", false);
        DeviceSession b = new DeviceSession(otherDevice, store);
        for (int i = 0; i < 40; i++) {
            a.acceptUplink(up(i, "01"));
        }
        b.nextFCntDown();

        assertThat(counters.get("sessions.folds")).isGreaterThan(2);
        SessionStore reopened = new SessionStore(dir);
        assertThat(reopened.load(DEV_EUI).orElseThrow().fCntUpNext()).isEqualTo(40);
        assertThat(reopened.load(0x0a0b0c0d0e0f0001L).orElseThrow().fCntDownReserved())
                .isEqualTo(DeviceSession.DOWNLINK_COUNTER_MARGIN);
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void journalAndSnapshotHoldingKeysAreReadableByTheRuntimesUserOnly() throws Exception {
        // a crash between writing and renaming a snapshot can leave a world-readable .new behind
        Path leftover = Files.writeString(dir.resolve(SessionStore.SNAPSHOT + ".new"), "partial");
        Files.setPosixFilePermissions(leftover, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(journal(), "");
        Files.setPosixFilePermissions(journal(), PosixFilePermissions.fromString("rw-r--r--"));

        new DeviceSession(abp(false), store(1)).acceptUplink(up(0, "01"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journal()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(SessionStore.SNAPSHOT))))
                .isEqualTo("rw-------");
        assertThat(dir.resolve(SessionStore.SNAPSHOT + ".new")).doesNotExist();
        assertThat(fCntUpNext()).isEqualTo(1);
    }
}
