package io.cityhub.buffer.mapdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

class OutboxRecoveryTest extends OutboxFixture {

    private Path storeFile() {
        return dir.resolve("store").resolve(ChunkStore.FILE_NAME);
    }

    private List<Path> movedAside() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("store"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("broken-")).toList();
        }
    }

    private void assertFreshAndWorking(MapDbReadingBuffer buffer) throws Exception {
        assertThat(buffer.metrics().recoveries()).isEqualTo(1);
        assertThat(movedAside()).singleElement()
                .satisfies(aside -> assertThat(aside.resolve(ChunkStore.FILE_NAME)).exists());
        List<Reading> readings = TestReadings.readings("s", 0, 3, Priority.TELEMETRY);
        append(buffer, readings);
        assertThat(drain(buffer)).containsExactlyElementsOf(readings);
    }

    @Test
    void garbageStoreFileIsMovedAsideAndAFreshStoreCreated() throws Exception {
        Files.createDirectories(storeFile().getParent());
        byte[] garbage = new byte[64 * 1024];
        new Random(1).nextBytes(garbage);
        Files.write(storeFile(), garbage);
        assertFreshAndWorking(open(options()));
    }

    @Test
    void storeIsNeverMovedAsideWhileTheDiskIsFull() throws Exception {
        Files.createDirectories(storeFile().getParent());
        byte[] unreadable = new byte[8 * 1024];
        new Random(2).nextBytes(unreadable);
        Files.write(storeFile(), unreadable);
        freeBytes.set(0); // MapDB reports a failed write like a damaged file; a full disk must not cost the store

        assertThatThrownBy(() -> open(options()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("disk full");
        assertThat(movedAside()).isEmpty();
        assertThat(Files.readAllBytes(storeFile())).isEqualTo(unreadable);
    }

    @Test
    void truncatedStoreFileIsMovedAsideAndAFreshStoreCreated() throws Exception {
        MapDbReadingBuffer first = open(options());
        append(first, TestReadings.readings("s", 0, 200, Priority.TELEMETRY));
        close(first);
        try (RandomAccessFile raf = new RandomAccessFile(storeFile().toFile(), "rw")) {
            raf.setLength(10);
        }
        assertFreshAndWorking(open(options()));
    }

    @Test
    void intactChunksOfAStoreMapDbCannotOpenAreSalvaged() throws Exception {
        MapDbReadingBuffer first = open(options());
        List<Reading> safety = TestReadings.readings("s", 0, 50, Priority.SAFETY);
        List<Reading> telemetry = TestReadings.readings("t", 0, 800, Priority.TELEMETRY); // several chunks
        append(first, telemetry);
        append(first, safety);
        close(first);
        try (RandomAccessFile raf = new RandomAccessFile(storeFile().toFile(), "rw")) {
            raf.write(new byte[64]); // MapDB's file header gone
        }
        MapDbReadingBuffer reopened = open(options());
        assertThat(reopened.metrics().recoveries()).isEqualTo(1);
        List<Reading> expected = new java.util.ArrayList<>(safety);
        expected.addAll(telemetry);
        assertThat(drain(reopened)).containsExactlyElementsOf(expected);
    }

    @Test
    void storeOfAnotherFormatIsMovedAsideAndAFreshStoreCreated() throws Exception {
        Files.createDirectories(storeFile().getParent());
        DB foreign = DBMaker.fileDB(storeFile().toFile()).transactionEnable().make();
        foreign.treeMap("something-else", Serializer.STRING, Serializer.STRING).createOrOpen().put("a", "b");
        foreign.commit();
        foreign.close();
        assertFreshAndWorking(open(options()));
    }

    @Test
    void unreadableChunkInAReadableStoreIsDroppedAndCounted() throws Exception {
        MapDbReadingBuffer first = open(options());
        List<Reading> good = TestReadings.readings("good", 0, 3, Priority.SAFETY);
        append(first, TestReadings.readings("bad", 0, 3, Priority.TELEMETRY));
        append(first, good);
        close(first);
        try (ChunkStore store = ChunkStore.open(dir.resolve("store"), clock)) {
            long telemetryChunk = store.firstSequence();
            store.putChunk(telemetryChunk, new byte[] {ChunkCodec.FORMAT_V1, 9, 9});
            store.commit();
        }
        MapDbReadingBuffer reopened = open(options());
        assertThat(reopened.metrics().drops()).containsEntry("corrupt", 1L);
        assertThat(reopened.metrics().recoveries()).isZero();
        assertThat(drain(reopened)).containsExactlyElementsOf(good);
    }

    @Test
    void chunkWithDamagedBodyIsDiscardedWhenTaken() throws Exception {
        MapDbReadingBuffer first = open(options());
        List<Reading> good = TestReadings.readings("good", 0, 3, Priority.TELEMETRY);
        append(first, TestReadings.readings("bad", 0, 3, Priority.SAFETY));
        append(first, good);
        close(first);
        try (ChunkStore store = ChunkStore.open(dir.resolve("store"), clock)) {
            long safetyChunk = store.firstSequence();
            byte[] chunk = store.chunk(safetyChunk);
            chunk[chunk.length - 1] ^= 0x55; // header intact, last reading damaged
            chunk[chunk.length - 30] ^= 0x55;
            store.putChunk(safetyChunk, chunk);
            store.commit();
        }
        MapDbReadingBuffer reopened = open(options());
        assertThat(drain(reopened)).containsExactlyElementsOf(good);
        close(reopened);
        MapDbReadingBuffer again = open(options());
        assertThat(again.metrics().pendingCount()).isZero(); // the damaged chunk was deleted, not kept forever
    }
}
