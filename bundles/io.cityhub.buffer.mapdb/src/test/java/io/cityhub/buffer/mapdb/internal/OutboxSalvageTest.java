package io.cityhub.buffer.mapdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.buffer.Batch;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A store MapDB cannot open after a crash, with commits in the journal made after its last checkpoint: the salvage
 * replays that journal, so every acknowledged reading is pending exactly once and what was delivered (its delivery
 * made durable by a commit) does not come back. A "crash" is a copy of the store's files taken while the outbox is
 * open and never closed.
 */
class OutboxSalvageTest extends OutboxFixture {

    private final List<Reading> acknowledged = new ArrayList<>();
    private final List<Reading> delivered = new ArrayList<>();
    private final List<Reading> deliveredBeforeTheCheckpoint = new ArrayList<>();

    private Path copyOfTheFiles(String name) throws IOException {
        Path copy = dir.resolve(name);
        Files.createDirectories(copy);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir.resolve("store"), ChunkStore.FILE_NAME + "*")) {
            for (Path f : files) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }

    private static void unreadableStore(Path directory) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(directory.resolve(ChunkStore.FILE_NAME).toFile(), "rw")) {
            raf.write(new byte[64]); // MapDB's file header gone
        }
    }

    private void appendAcknowledged(MapDbReadingBuffer buffer, String sensor, int commits, int perCommit)
            throws Exception {
        for (int i = 0; i < commits; i++) {
            List<Reading> readings = TestReadings.readings(sensor + i, 0, perCommit,
                    i % 3 == 0 ? Priority.SAFETY : Priority.TELEMETRY);
            append(buffer, readings);
            acknowledged.addAll(readings);
        }
    }

    /** Takes and acknowledges whole chunks ({@code perCommit} readings each), then commits the deliveries. */
    private void deliver(MapDbReadingBuffer buffer, int chunks, int perCommit, String committer) throws Exception {
        for (int i = 0; i < chunks; i++) {
            Batch batch = take(buffer, perCommit);
            delivered.addAll(batch.readings());
            buffer.acknowledge(batch);
        }
        // the next commit makes the deliveries durable (deletes or marks the completed chunks)
        Reading last = TestReadings.reading(committer, 0, Priority.DIAGNOSTIC);
        append(buffer, List.of(last));
        acknowledged.add(last);
    }

    /** Moves the clock past the checkpoint interval; the writer checkpoints on its next tick. */
    private void checkpoint(MapDbReadingBuffer buffer) {
        long before = (Long) buffer.health().get("checkpoints");
        clock.advance(Duration.ofSeconds(2));
        await("a checkpoint").atMost(Duration.ofSeconds(10))
                .until(() -> (Long) buffer.health().get("checkpoints") > before);
    }

    private List<Reading> expectedPending() {
        List<Reading> expected = new ArrayList<>(acknowledged);
        expected.removeAll(delivered);
        return expected;
    }

    private MapDbReadingBuffer crashCheckpointJournalAndSalvage(BufferOptions options) throws Exception {
        MapDbReadingBuffer buffer = open(options);
        appendAcknowledged(buffer, "checkpointed", 12, 5);
        deliver(buffer, 3, 5, "c0");
        deliveredBeforeTheCheckpoint.addAll(delivered);
        checkpoint(buffer);
        // the commits after the last checkpoint live only in the journal
        appendAcknowledged(buffer, "journaled", 12, 5);
        deliver(buffer, 4, 5, "c1");
        long checkpoints = (Long) buffer.health().get("checkpoints");
        Path crashed = copyOfTheFiles("crashed");
        assertThat(buffer.health()).as("nothing checkpointed after the copy was taken")
                .containsEntry("checkpoints", checkpoints);
        assertThat(Files.size(crashed.resolve(ChunkJournal.FILE_NAME))).as("commits in the journal").isPositive();
        unreadableStore(crashed);
        return open(options.withDirectory(crashed));
    }

    @Test
    void salvageOfAnUnreadableStoreReplaysTheJournalCommittedSinceTheLastCheckpoint() throws Exception {
        MapDbReadingBuffer salvaged = crashCheckpointJournalAndSalvage(options().withRetention(0, Duration.ZERO));

        assertThat(salvaged.metrics().recoveries()).isEqualTo(1);
        assertThat(drain(salvaged)).as("every acknowledged reading not delivered, each exactly once")
                .containsExactlyInAnyOrderElementsOf(expectedPending());
    }

    @Test
    void deliveriesSinceTheLastCheckpointStayDeliveredAndKeptForReplayAfterASalvage() throws Exception {
        MapDbReadingBuffer salvaged = crashCheckpointJournalAndSalvage(options());

        assertThat(salvaged.metrics().recoveries()).isEqualTo(1);
        // the store's own delivery marks are unreadable: chunks delivered and retained before the last checkpoint are
        // delivered again (at-least-once); those delivered since (marked in the journal) are not
        List<Reading> expected = expectedPending();
        expected.addAll(deliveredBeforeTheCheckpoint);
        assertThat(drain(salvaged)).as("every acknowledged reading not delivered since the checkpoint, each once")
                .containsExactlyInAnyOrderElementsOf(expected);
        // the four chunks delivered after the checkpoint (marked in the journal) are in the replay archive
        assertThat((Long) salvaged.health().get("retained.bytes")).isPositive();
    }

    @Test
    void aDamagedJournalRecordBehindAnUnreadableStoreLosesNothingWhoseChunkIsIntact() throws Exception {
        MapDbReadingBuffer buffer = open(options().withRetention(0, Duration.ZERO));
        appendAcknowledged(buffer, "checkpointed", 6, 5);
        checkpoint(buffer);
        appendAcknowledged(buffer, "journaled", 6, 5);
        deliver(buffer, 3, 5, "c1");
        Path crashed = copyOfTheFiles("crashed");
        unreadableStore(crashed);
        // the second record's operation header (the sequence of its PUT) is damaged; its chunk's bytes are intact
        Path journal = crashed.resolve(ChunkJournal.FILE_NAME);
        long second = recordLength(journal, 0);
        flipByte(journal, second + JOURNAL_HEADER + 3);

        MapDbReadingBuffer salvaged = open(options().withRetention(0, Duration.ZERO).withDirectory(crashed));

        assertThat(salvaged.metrics().recoveries()).isEqualTo(1);
        assertThat(drain(salvaged)).as("the damaged record's chunk found in its bytes; the later deliveries applied")
                .containsExactlyInAnyOrderElementsOf(expectedPending());
    }

    @Test
    void aDamagedChunkInTheJournalBehindAnUnreadableStoreLosesOnlyItsOwnReadings() throws Exception {
        MapDbReadingBuffer buffer = open(options().withRetention(0, Duration.ZERO));
        appendAcknowledged(buffer, "checkpointed", 6, 5);
        checkpoint(buffer);
        appendAcknowledged(buffer, "journaled", 6, 5); // journaled1 is TELEMETRY: delivered after the SAFETY ones
        deliver(buffer, 3, 5, "c1");
        Path crashed = copyOfTheFiles("crashed");
        unreadableStore(crashed);
        Path journal = crashed.resolve(ChunkJournal.FILE_NAME);
        long second = recordLength(journal, 0);
        flipByte(journal, second + JOURNAL_HEADER + 13 + 40); // inside the chunk of the second record

        MapDbReadingBuffer salvaged = open(options().withRetention(0, Duration.ZERO).withDirectory(crashed));

        List<Reading> expected = expectedPending();
        List<Reading> damaged = TestReadings.readings("journaled1", 0, 5, Priority.TELEMETRY);
        assertThat(expected).containsAll(damaged);
        List<Reading> found = drain(salvaged);
        // MapDB's WAL may hold another intact copy of the damaged chunk (it logs changes before a checkpoint)
        assertThat(found).as("nothing delivered again, nothing twice").doesNotHaveDuplicates()
                .isSubsetOf(expected);
        expected.removeAll(damaged);
        assertThat(found).as("all but the damaged chunk's readings").containsAll(expected);
    }

    private static final int JOURNAL_HEADER = 1 + 8 + 4;

    /** The length of the journal record at {@code at}, by its length field (format in the bundle README). */
    private static long recordLength(Path journal, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(journal.toFile(), "r")) {
            f.seek(at);
            assertThat(f.readByte()).isEqualTo(ChunkJournal.FORMAT);
            f.seek(at + 9);
            return JOURNAL_HEADER + f.readInt() + 4;
        }
    }

    private static void flipByte(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x5A);
        }
    }
}
