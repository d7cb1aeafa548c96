package io.cityhub.buffer.mapdb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The redo journal on a real file: replay, torn tails, generations. */
class ChunkJournalTest {

    @TempDir
    Path dir;

    /** Records every replayed operation as text, in order. */
    private static class Recorder implements ChunkJournal.Target {
        final List<String> ops = new ArrayList<>();

        @Override
        public void put(long seq, byte[] chunk) {
            ops.add("put " + seq + " " + chunk.length);
        }

        @Override
        public void delete(long seq) {
            ops.add("delete " + seq);
        }

        @Override
        public void mark(long seq, long atMillis) {
            ops.add("mark " + seq + " " + atMillis);
        }

        @Override
        public void unmark(long seq) {
            ops.add("unmark " + seq);
        }
    }

    private List<String> replay(long generation) throws IOException {
        Recorder r = new Recorder();
        try (ChunkJournal j = ChunkJournal.open(dir, generation, r)) {
            return r.ops;
        }
    }

    @Test
    void syncedRecordsReplayInOrderAndUnsyncedOperationsDoNot() throws IOException {
        try (ChunkJournal j = ChunkJournal.open(dir, 7, new Recorder())) {
            j.put(1, new byte[100]);
            j.mark(1, 42);
            j.sync();
            j.delete(1);
            j.unmark(2);
            j.sync();
            j.put(3, new byte[5]); // never synced: never acknowledged
        }
        assertThat(replay(7)).containsExactly("put 1 100", "mark 1 42", "delete 1", "unmark 2");
    }

    @Test
    void aTornLastRecordEndsTheJournalWithoutFailingAndIsOverwritten() throws IOException {
        long tornAt;
        try (ChunkJournal j = ChunkJournal.open(dir, 7, new Recorder())) {
            j.put(1, new byte[100]);
            j.sync();
            tornAt = j.length();
            j.put(2, new byte[3000]);
            j.sync();
        }
        // a power cut in the middle of the second record: its tail never reached the disk
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(ChunkJournal.FILE_NAME).toFile(), "rw")) {
            f.seek(tornAt + 1500);
            f.write(new byte[2000]);
        }
        Recorder r = new Recorder();
        try (ChunkJournal j = ChunkJournal.open(dir, 7, r)) {
            assertThat(r.ops).containsExactly("put 1 100");
            assertThat(j.length()).as("the next record goes where the torn one was").isEqualTo(tornAt);
            j.put(4, new byte[10]);
            j.sync();
        }
        assertThat(replay(7)).containsExactly("put 1 100", "put 4 10");
    }

    @Test
    void aDamagedByteInARecordEndsTheJournalThere() throws IOException {
        long secondAt;
        try (ChunkJournal j = ChunkJournal.open(dir, 7, new Recorder())) {
            j.put(1, new byte[100]);
            j.sync();
            secondAt = j.length();
            j.put(2, new byte[100]);
            j.sync();
        }
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(ChunkJournal.FILE_NAME).toFile(), "rw")) {
            f.seek(secondAt + 40);
            f.write(0x5A);
        }
        assertThat(replay(7)).containsExactly("put 1 100");
    }

    @Test
    void aDamagedRecordBeforeIntactOnesIsSkippedAndTheRecordsBehindItStillReplay() throws IOException {
        long secondAt;
        try (ChunkJournal j = ChunkJournal.open(dir, 7, new Recorder())) {
            j.put(1, new byte[100]);
            j.sync();
            secondAt = j.length();
            j.put(2, new byte[100]);
            j.sync();
            j.put(3, new byte[50]);
            j.mark(1, 9);
            j.sync();
        }
        // not a torn tail: a flipped byte in the middle record, acknowledged records behind it
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(ChunkJournal.FILE_NAME).toFile(), "rw")) {
            f.seek(secondAt + 40);
            f.write(0x5A);
        }
        Recorder r = new Recorder();
        long end;
        try (ChunkJournal j = ChunkJournal.open(dir, 7, r)) {
            assertThat(r.ops).containsExactly("put 1 100", "put 3 50", "mark 1 9");
            assertThat(j.damagedAt()).isEqualTo(secondAt);
            assertThat(j.skippedBytes()).as("the damaged record's length").isPositive();
            assertThat(j.replayedRecords()).isEqualTo(2);
            end = j.length();
            j.put(4, new byte[10]);
            j.sync();
        }
        assertThat(end).as("new records go behind the last intact one").isGreaterThan(secondAt);
        assertThat(replay(7)).containsExactly("put 1 100", "put 3 50", "mark 1 9", "put 4 10");
    }

    @Test
    void aTornTailIsNotReportedAsDamage() throws IOException {
        try (ChunkJournal j = ChunkJournal.open(dir, 7, new Recorder())) {
            j.put(1, new byte[100]);
            j.sync();
        }
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(ChunkJournal.FILE_NAME).toFile(), "rw")) {
            f.seek(f.length());
            f.write(new byte[] {ChunkJournal.FORMAT, 0, 0, 0}); // a record cut off after four bytes
        }
        try (ChunkJournal j = ChunkJournal.open(dir, 7, new Recorder())) {
            assertThat(j.replayedRecords()).isEqualTo(1);
            assertThat(j.damagedAt()).isEqualTo(-1);
        }
    }

    @Test
    void afterARestartOnlyTheNewGenerationReplays() throws IOException {
        try (ChunkJournal j = ChunkJournal.open(dir, 7, new Recorder())) {
            j.put(1, new byte[100]);
            j.put(2, new byte[100]);
            j.sync();
            j.restart(8); // a checkpoint stored generation 8: the store holds both chunks
            assertThat(j.length()).isZero();
        }
        assertThat(replay(8)).as("nothing written since the checkpoint").isEmpty();
        try (ChunkJournal j = ChunkJournal.open(dir, 8, new Recorder())) {
            j.delete(1); // shorter than the old record it overwrites: the old one's rest must not replay
            j.sync();
        }
        assertThat(replay(8)).containsExactly("delete 1");
    }

    @Test
    void aRestartEmptiesTheFile() throws IOException {
        try (ChunkJournal j = ChunkJournal.open(dir, 1, new Recorder())) {
            j.put(1, new byte[10]);
            j.sync();
            assertThat(dir.resolve(ChunkJournal.FILE_NAME).toFile().length()).isPositive();
            j.restart(2);
        }
        assertThat(dir.resolve(ChunkJournal.FILE_NAME).toFile().length()).isZero();
    }

    @Test
    void fingerprintedDeletionsAndMarksReplayAsPlainOnesAndCarryTheChunksFingerprint() throws IOException {
        ChunkCodec.Fingerprint chunk = new ChunkCodec.Fingerprint(1_700_000_000_123L, 321, 0xCAFEBABE);
        try (ChunkJournal j = ChunkJournal.open(dir, 7, new Recorder())) {
            j.mark(4, 42, chunk);
            j.delete(5, chunk);
            j.sync();
        }
        assertThat(replay(7)).as("a store replays them as before").containsExactly("mark 4 42", "delete 5");
        List<ChunkCodec.Fingerprint> seen = new ArrayList<>();
        Recorder salvage = new Recorder() {
            @Override
            public void deleteChunk(long seq, ChunkCodec.Fingerprint c) {
                seen.add(c);
            }

            @Override
            public void markChunk(long seq, long atMillis, ChunkCodec.Fingerprint c) {
                seen.add(c);
            }
        };
        try (ChunkJournal j = ChunkJournal.open(dir, 7, salvage)) {
            assertThat(seen).containsExactly(chunk, chunk);
        }
    }

    @Test
    void aJournalSetAsideReplaysTheGenerationOfItsFirstIntactRecordPastDamage() throws IOException {
        long secondAt;
        try (ChunkJournal j = ChunkJournal.open(dir, 7, new Recorder())) {
            j.put(1, new byte[100]);
            j.sync();
            j.put(2, new byte[30]);
            j.put(3, new byte[30]);
            j.sync();
            j.restart(8);
            j.put(4, new byte[20]);
            j.sync();
            secondAt = j.length();
            j.put(5, new byte[20]);
            j.sync();
            j.delete(4);
            j.sync();
        }
        // generation 8 is the newest, its records first; damage in its second record
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(ChunkJournal.FILE_NAME).toFile(), "rw")) {
            f.seek(secondAt + 30);
            f.write(0x5A);
        }
        Recorder r = new Recorder();
        ChunkJournal.Replay replay = ChunkJournal.replayAside(dir.resolve(ChunkJournal.FILE_NAME), r);
        assertThat(replay.generation()).isEqualTo(8);
        assertThat(r.ops).containsExactly("put 4 20", "delete 4");
        assertThat(replay.damagedAt()).isEqualTo(secondAt);
        assertThat(replay.records()).isEqualTo(2);
    }

    @Test
    void aJournalSetAsideWithoutAnIntactRecordReplaysNothing() throws IOException {
        Files.write(dir.resolve(ChunkJournal.FILE_NAME), new byte[300]);
        Recorder r = new Recorder();
        ChunkJournal.Replay replay = ChunkJournal.replayAside(dir.resolve(ChunkJournal.FILE_NAME), r);
        assertThat(r.ops).isEmpty();
        assertThat(replay.records()).isZero();
    }
}
