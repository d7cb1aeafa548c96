package io.cityhub.buffer.mapdb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The commit path: an acknowledged append is durable through the journal alone (one record, one fdatasync), the
 * MapDB file is written only by checkpoints, and what the journal holds comes back at open. A "crash" is a copy of
 * the store's files taken while the outbox is open and never closed, so that nothing a clean close does can help.
 */
class OutboxJournalTest extends OutboxFixture {

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

    @Test
    void commitsWriteOnlyTheJournalAndTheMapDbFileOnlyAtACheckpoint() throws Exception {
        MapDbReadingBuffer buffer = open(options());
        append(buffer, List.of(TestReadings.reading("s", 0, Priority.TELEMETRY)));
        byte[] storeBefore = Files.readAllBytes(dir.resolve("store").resolve(ChunkStore.FILE_NAME));

        // the fixture's clock stands still: no checkpoint falls due by time
        for (int i = 1; i <= 50; i++) {
            append(buffer, List.of(TestReadings.reading("s", i, Priority.TELEMETRY)));
        }

        assertThat(buffer.health()).containsEntry("commits", 51L).containsEntry("checkpoints", 0L);
        assertThat(Files.readAllBytes(dir.resolve("store").resolve(ChunkStore.FILE_NAME)))
                .as("the MapDB file after 50 acknowledged commits").isEqualTo(storeBefore);
    }

    @Test
    void acknowledgedAppendsNotYetCheckpointedSurviveACrash() throws Exception {
        MapDbReadingBuffer buffer = open(options());
        List<Reading> acknowledged = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            List<Reading> readings =
                    TestReadings.readings("s" + i, 0, 5, i % 4 == 0 ? Priority.SAFETY : Priority.TELEMETRY);
            append(buffer, readings);
            acknowledged.addAll(readings);
        }
        // some delivered and acknowledged too: their delivery marks are in the journal as well
        io.cityhub.api.buffer.Batch batch = take(buffer, 5);
        List<Reading> delivered = batch.readings();
        buffer.acknowledge(batch);
        Reading last = TestReadings.reading("last", 0, Priority.TELEMETRY);
        append(buffer, List.of(last)); // the commit that also records the delivery
        acknowledged.add(last);
        assertThat(buffer.health()).containsEntry("checkpoints", 0L);

        Path crashed = copyOfTheFiles("crashed");
        MapDbReadingBuffer reopened = open(options().withDirectory(crashed));
        List<Reading> found = drain(reopened);
        List<Reading> expected = new ArrayList<>(acknowledged);
        expected.removeAll(delivered);
        assertThat(delivered).hasSize(5);
        assertThat(found).as("every acknowledged reading not delivered, and nothing delivered again")
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(reopened.metrics().recoveries()).isZero();
    }
}
