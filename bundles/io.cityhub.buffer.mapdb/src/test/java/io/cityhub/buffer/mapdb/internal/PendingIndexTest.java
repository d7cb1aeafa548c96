package io.cityhub.buffer.mapdb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.buffer.Batch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The pending index with chunks that no batch has touched yet kept in columns behind the taken ones: order, drops,
 * expiry, unreadable chunks and a long backlog of one-reading chunks behave as with whole chunks.
 */
class PendingIndexTest {

    private static final long T0 = 1_790_000_000_000L;

    private final Map<Long, List<Reading>> stored = new HashMap<>();
    private final Set<Long> corrupt = new HashSet<>();
    private final PendingIndex index = new PendingIndex();
    private final PendingIndex.ChunkReader reader = seq -> {
        if (corrupt.contains(seq)) {
            throw new CorruptRecordException("damaged chunk " + seq);
        }
        return stored.get(seq);
    };

    private Chunk chunk(long seq, Priority priority, int readings, long appendedMillis) {
        stored.put(seq, TestReadings.readings("s" + seq, 0, readings, priority));
        return new Chunk(seq, new ChunkCodec.Header(priority, appendedMillis, 1, 2, readings), 50 * readings);
    }

    private List<Reading> take(int max) throws InterruptedException {
        Optional<Batch> batch = index.take(max, Duration.ZERO, reader);
        if (batch.isEmpty()) {
            return List.of();
        }
        index.acknowledge(batch.get().id());
        return batch.get().readings();
    }

    @Test
    void readingsLeaveInSequenceOrderAcrossTakenAndUntouchedChunks() throws InterruptedException {
        for (long seq = 1; seq <= 5; seq++) {
            index.add(chunk(seq, Priority.TELEMETRY, 3, T0 + seq));
        }
        Batch first = index.take(4, Duration.ZERO, reader).orElseThrow(); // all of chunk 1, one of chunk 2
        assertThat(first.readings()).containsExactlyElementsOf(
                concat(stored.get(1L), stored.get(2L).subList(0, 1)));
        index.release(first.id()); // given back: they go out again before anything younger

        List<Reading> all = take(100);

        List<Reading> expected = new ArrayList<>();
        for (long seq = 1; seq <= 5; seq++) {
            expected.addAll(stored.get(seq));
        }
        assertThat(all).containsExactlyElementsOf(expected);
        assertThat(index.depth(Priority.TELEMETRY, T0 + 100).count()).isZero();
        assertThat(index.pendingBytes()).isZero();
        assertThat(index.drainCompleted()).extracting(c -> c.seq).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void theOldestUntouchedChunkIsDroppedFirstAndPutBackFirstWhenTheDropIsRolledBack() throws InterruptedException {
        for (long seq = 1; seq <= 3; seq++) {
            index.add(chunk(seq, Priority.TELEMETRY, 2, T0 + seq));
        }
        index.add(chunk(4, Priority.SAFETY, 2, T0 + 4));

        Chunk dropped = index.removeOldestOfLowestClass();

        assertThat(dropped.seq).isEqualTo(1L);
        assertThat(dropped.header.stampMillis()).isEqualTo(T0 + 1);
        assertThat(index.depth(Priority.TELEMETRY, T0 + 10).count()).isEqualTo(4);
        index.add(dropped); // the commit that would have deleted it failed
        assertThat(index.depth(Priority.TELEMETRY, T0 + 10))
                .satisfies(d -> assertThat(d.count()).isEqualTo(6))
                .satisfies(d -> assertThat(d.oldestAgeMillis()).isEqualTo(9));
        assertThat(take(100)).containsExactlyElementsOf(
                concat(stored.get(4L), stored.get(1L), stored.get(2L), stored.get(3L)));
    }

    @Test
    void expiryRemovesThePrefixOfTakenThenUntouchedChunksAndKeepsTheRest() throws InterruptedException {
        for (long seq = 1; seq <= 6; seq++) {
            index.add(chunk(seq, Priority.TELEMETRY, 2, T0 + seq * 1000));
        }
        Batch out = index.take(3, Duration.ZERO, reader).orElseThrow(); // chunk 1 and half of chunk 2 are taken
        index.release(out.id());

        List<Chunk> expired = index.removeAppendedBefore(T0 + 4500);

        assertThat(expired).extracting(c -> c.seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(index.depth(Priority.TELEMETRY, T0 + 7000))
                .satisfies(d -> assertThat(d.count()).isEqualTo(4))
                .satisfies(d -> assertThat(d.oldestAgeMillis()).isEqualTo(2000));
        assertThat(take(100)).containsExactlyElementsOf(concat(stored.get(5L), stored.get(6L)));
    }

    @Test
    void anUnreadableUntouchedChunkIsSetAsideAndTheChunksBehindItStillLeave() throws InterruptedException {
        for (long seq = 1; seq <= 4; seq++) {
            index.add(chunk(seq, Priority.TELEMETRY, 2, T0 + seq));
        }
        corrupt.add(2L);

        List<Reading> out = take(100);

        assertThat(out).containsExactlyElementsOf(concat(stored.get(1L), stored.get(3L), stored.get(4L)));
        assertThat(index.drainUnreadable()).extracting(c -> c.seq).containsExactly(2L);
        assertThat(index.pendingBytes()).isZero();
    }

    @Test
    void aLongBacklogOfOneReadingChunksDrainsCompletelyInOrder() throws InterruptedException {
        int chunks = 200_000;
        for (long seq = 1; seq <= chunks; seq++) {
            stored.put(seq, List.of(TestReadings.reading("s", (int) seq, Priority.TELEMETRY)));
            index.add(new Chunk(seq, new ChunkCodec.Header(Priority.TELEMETRY, T0 + seq, 1, 2, 1), 40));
        }
        assertThat(index.depth(Priority.TELEMETRY, T0).count()).isEqualTo(chunks);
        assertThat(index.pendingBytes()).isEqualTo(40L * chunks);

        long next = 1;
        List<Reading> batch;
        while (!(batch = take(1000)).isEmpty()) {
            for (Reading r : batch) {
                assertThat(r).isEqualTo(stored.get(next++).get(0));
            }
            index.drainCompleted();
        }

        assertThat(next - 1).isEqualTo(chunks);
        assertThat(index.depth(Priority.TELEMETRY, T0).count()).isZero();
        assertThat(index.pendingBytes()).isZero();
        // and the index takes new chunks after the backlog is gone
        index.add(chunk(chunks + 1, Priority.TELEMETRY, 1, T0));
        assertThat(take(10)).containsExactlyElementsOf(stored.get(chunks + 1L));
    }

    @SafeVarargs
    private static List<Reading> concat(List<Reading>... lists) {
        List<Reading> out = new ArrayList<>();
        for (List<Reading> l : lists) {
            out.addAll(l);
        }
        return out;
    }
}
