package io.cityhub.buffer.mapdb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chunks {@link ChunkStore} keeps in memory ({@link RecentChunks}) never answer differently from its files: a
 * replaced or deleted chunk is never read stale, a chunk the disk never got is not read after the files are reopened,
 * and the bound holds.
 */
class ChunkStoreMemoryTest {

    @TempDir
    Path dir;

    private static byte[] bytes(int length, int fill) {
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) fill);
        return b;
    }

    @Test
    void aChunkWrittenButNeverCommittedIsNotReadAfterTheFilesAreReopened() {
        try (ChunkStore store = ChunkStore.open(dir, Clock.systemUTC())) {
            store.putChunk(1, bytes(10, 1));
            store.commit();
            store.putChunk(2, bytes(10, 2));
            store.putChunk(1, bytes(10, 3)); // replaced, not committed
            assertThat(store.chunk(2)).isEqualTo(bytes(10, 2));
            assertThat(store.chunk(1)).isEqualTo(bytes(10, 3));

            store.reopen(); // what a failed commit does: back to what is on disk

            assertThat(store.chunk(2)).as("never committed").isNull();
            assertThat(store.chunk(1)).as("the committed bytes, not the replacement").isEqualTo(bytes(10, 1));
        }
    }

    @Test
    void replacedDeliveredAndDeletedChunksReadAsTheFilesHoldThem() {
        try (ChunkStore store = ChunkStore.open(dir, Clock.systemUTC())) {
            store.putChunk(1, bytes(10, 1));
            store.putChunk(2, bytes(10, 2));
            store.putChunk(1, bytes(5, 4));
            store.markDelivered(2, 1_000);
            store.commit();

            assertThat(store.chunk(1)).isEqualTo(bytes(5, 4));
            assertThat(store.chunk(2)).as("delivered, retained for replay").isEqualTo(bytes(10, 2));
            assertThat(store.deliveredAt(2)).isEqualTo(1_000L);

            assertThat(store.deleteChunk(1)).isEqualTo(bytes(5, 4));
            assertThat(store.chunk(1)).isNull();
        }
        try (ChunkStore reopened = ChunkStore.open(dir, Clock.systemUTC())) {
            assertThat(reopened.chunk(1)).isNull();
            assertThat(reopened.chunk(2)).isEqualTo(bytes(10, 2));
        }
    }

    @Test
    void chunksBeyondTheBoundAreNotKeptAndLeaveNoStaleEntryWhenReplaced() {
        RecentChunks recent = new RecentChunks(25);
        recent.put(1, bytes(10, 1));
        recent.put(2, bytes(10, 2));
        recent.put(3, bytes(10, 3)); // would make 30

        assertThat(recent.get(3)).isNull();
        assertThat(recent.bytes()).isEqualTo(20);

        recent.put(1, bytes(20, 9)); // the replacement does not fit: the old bytes must not stay
        assertThat(recent.get(1)).isNull();
        assertThat(recent.bytes()).isEqualTo(10);

        assertThat(recent.remove(2)).isEqualTo(bytes(10, 2));
        assertThat(recent.bytes()).isZero();
        assertThat(recent.size()).isZero();
        recent.put(3, bytes(25, 3));
        assertThat(recent.get(3)).isEqualTo(bytes(25, 3));
    }
}
