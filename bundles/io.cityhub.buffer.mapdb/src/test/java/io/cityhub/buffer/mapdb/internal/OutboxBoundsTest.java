package io.cityhub.buffer.mapdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.buffer.Batch;
import io.cityhub.api.buffer.BufferFullException;
import io.cityhub.api.buffer.BufferState;
import io.cityhub.api.buffer.BufferUnavailableException;
import io.cityhub.api.buffer.GapRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutboxBoundsTest extends OutboxFixture {

    /** Ten readings of {@link TestReadings} take about 900 bytes as a chunk. */
    private static final long TWO_CHUNKS = 2_000;

    @Test
    void rejectNewFailsAppendsAtTheBoundAndResumesAfterDelivery() throws Exception {
        MapDbReadingBuffer buffer = open(options().withMaxBytes(TWO_CHUNKS).withFullPolicy(FullPolicy.REJECT_NEW));
        append(buffer, TestReadings.readings("s", 0, 10, Priority.TELEMETRY));
        append(buffer, TestReadings.readings("s", 10, 10, Priority.TELEMETRY));

        assertThatThrownBy(() -> append(buffer, TestReadings.readings("s", 20, 10, Priority.SAFETY)))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(BufferFullException.class);
        assertThat(buffer.metrics().state()).isEqualTo(BufferState.FULL);
        assertThat(buffer.metrics().pendingCount()).isEqualTo(20);
        assertThat(buffer.metrics().drops()).isEmpty();

        buffer.acknowledge(take(buffer, 10));
        append(buffer, TestReadings.readings("s", 20, 10, Priority.SAFETY));
        assertThat(buffer.metrics().state()).isEqualTo(BufferState.AVAILABLE);
        assertThat(buffer.metrics().pendingCount()).isEqualTo(20);
    }

    @Test
    void manySmallChunksMeetTheIndexBoundBeforeTheByteBoundAndDropTheOldest() throws Exception {
        // one reading per append, one append per commit: a chunk each, as a light load during an outage makes them
        MapDbReadingBuffer buffer = openWithChunkBound(options(), 40);
        for (int i = 0; i < 60; i++) {
            append(buffer, TestReadings.readings("tele", i, 1, Priority.TELEMETRY));
        }

        long dropped = buffer.metrics().drops().getOrDefault("full", 0L);
        assertThat(dropped).isPositive();
        List<Reading> delivered = drain(buffer);
        List<Reading> telemetry = delivered.stream().filter(r -> r.priority() == Priority.TELEMETRY).toList();
        // the newest survive, the oldest were dropped, each one counted and named in a gap record
        assertThat(telemetry).hasSize(60 - (int) dropped).containsExactlyElementsOf(
                TestReadings.readings("tele", (int) dropped, telemetry.size(), Priority.TELEMETRY));
        List<GapRecord> gaps = delivered.stream().flatMap(r -> GapRecord.from(r).stream()).toList();
        assertThat(gaps).allMatch(g -> g.reason().equals("full") && g.sensorId().equals("tele"));
        assertThat(gaps.stream().mapToLong(GapRecord::count).sum()).isEqualTo(dropped);
    }

    @Test
    void rejectNewRefusesAppendsAtTheIndexBoundSayingSoAndResumesAfterDelivery() throws Exception {
        // room for a commit's three new chunks (one per class) is kept: six one-reading chunks fit under 8
        MapDbReadingBuffer buffer = openWithChunkBound(options().withFullPolicy(FullPolicy.REJECT_NEW), 8);
        for (int i = 0; i < 6; i++) {
            append(buffer, TestReadings.readings("tele", i, 1, Priority.TELEMETRY));
        }

        assertThatThrownBy(() -> append(buffer, TestReadings.readings("tele", 6, 1, Priority.TELEMETRY)))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(BufferFullException.class)
                .cause().hasMessageContaining("index at its bound of 8 chunks");
        assertThat(buffer.metrics().state()).isEqualTo(BufferState.FULL);
        assertThat(buffer.metrics().pendingCount()).isEqualTo(6);
        assertThat(buffer.metrics().drops()).isEmpty();

        buffer.acknowledge(take(buffer, 2));
        await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
            append(buffer, TestReadings.readings("tele", 6, 1, Priority.TELEMETRY)); // deletions commit first
            assertThat(buffer.metrics().state()).isEqualTo(BufferState.AVAILABLE);
        });
        assertThat(drain(buffer)).containsExactlyElementsOf(TestReadings.readings("tele", 2, 5, Priority.TELEMETRY));
    }

    @Test
    void theIndexBoundIsAQuarterOfTheHeapAtSixtyFourBytesAChunk() {
        assertThat(WindowTransaction.Context.maxChunks(96L << 20, 96L << 20)).isEqualTo(393_216L);
        assertThat(WindowTransaction.Context.maxChunks(1L << 20, 1L << 20)).isEqualTo(10_000L);
    }

    @Test
    void theIndexBoundIsAtMostAThirdOfTheOldGeneration() {
        // -Xmx72m -Xmn20m: 52 MB old generation, a third of it 17.3 MB, less than a quarter of the heap (18 MB)
        assertThat(WindowTransaction.Context.maxChunks(72L << 20, 52L << 20)).isEqualTo((52L << 20) / 3 / 64);
        // -Xmx96m -Xmn40m: a quarter of the heap (24 MB) is more than a third of the 56 MB old generation
        assertThat(WindowTransaction.Context.maxChunks(96L << 20, 56L << 20)).isEqualTo((56L << 20) / 3 / 64);
        // a large old generation: a quarter of the heap
        assertThat(WindowTransaction.Context.maxChunks(256L << 20, 200L << 20)).isEqualTo((256L << 20) / 4 / 64);
    }

    @Test
    void dropOldestDropsTheOldestChunkOfTheLowestClassAndQueuesAGapRecord() throws Exception {
        MapDbReadingBuffer buffer = open(options().withMaxBytes(TWO_CHUNKS));
        List<Reading> diagnostics = TestReadings.readings("diag", 0, 10, Priority.DIAGNOSTIC);
        append(buffer, diagnostics);
        append(buffer, TestReadings.readings("tele", 0, 10, Priority.TELEMETRY));
        append(buffer, TestReadings.readings("tele", 10, 10, Priority.TELEMETRY));

        assertThat(buffer.metrics().drops()).containsExactly(Map.entry("full", 10L));
        assertThat(buffer.metrics().depth().get(Priority.DIAGNOSTIC).count()).isZero();
        List<Reading> delivered = drain(buffer);
        Reading gap = delivered.get(0);
        assertThat(gap.priority()).isEqualTo(Priority.SAFETY);
        assertThat(GapRecord.from(gap)).contains(new GapRecord("diag", diagnostics.get(0).timestamp(),
                diagnostics.get(9).timestamp(), 10, "full"));
        assertThat(delivered.subList(1, delivered.size())).hasSize(20).allMatch(r -> r.sensorId().equals("tele"));
    }

    @Test
    void dropOldestTakesTheOldestOfAHigherClassOnlyWhenLowerClassesAreEmpty() throws Exception {
        MapDbReadingBuffer buffer = open(options().withMaxBytes(TWO_CHUNKS));
        List<Reading> oldest = TestReadings.readings("a", 0, 10, Priority.TELEMETRY);
        append(buffer, oldest);
        append(buffer, TestReadings.readings("b", 0, 10, Priority.TELEMETRY));
        append(buffer, TestReadings.readings("c", 0, 10, Priority.TELEMETRY));

        List<Reading> delivered = drain(buffer);
        assertThat(delivered).doesNotContainAnyElementsOf(oldest);
        assertThat(delivered).filteredOn(r -> r.channel().equals(GapRecord.CHANNEL)).singleElement()
                .satisfies(g -> assertThat(GapRecord.from(g).orElseThrow().sensorId()).isEqualTo("a"));
    }

    @Test
    void readingsOlderThanTheMaximumAgeExpireIntoAGapRecord() throws Exception {
        MapDbReadingBuffer buffer = open(options().withMaxAge(Duration.ofMinutes(1)));
        append(buffer, TestReadings.readings("old", 0, 5, Priority.TELEMETRY));
        clock.advanceMillis(30_000);
        append(buffer, TestReadings.readings("young", 0, 3, Priority.TELEMETRY));
        clock.advanceMillis(31_000); // the first append is now 61 s old, the second 31 s

        await().atMost(5, TimeUnit.SECONDS).until(() -> buffer.metrics().drops().getOrDefault("expired", 0L) == 5);
        List<Reading> delivered = drain(buffer);
        assertThat(GapRecord.from(delivered.get(0)).orElseThrow())
                .returns("old", GapRecord::sensorId)
                .returns(5L, GapRecord::count)
                .returns("expired", GapRecord::reason);
        assertThat(delivered.subList(1, delivered.size()))
                .extracting(Reading::sensorId)
                .containsOnly("young")
                .hasSize(3);
    }

    @Test
    void readingsTakenButUnacknowledgedWhenDroppedAreStillCountedOnce() throws Exception {
        MapDbReadingBuffer buffer = open(options().withMaxBytes(TWO_CHUNKS));
        append(buffer, TestReadings.readings("a", 0, 10, Priority.DIAGNOSTIC));
        Batch out = take(buffer, 100);
        append(buffer, TestReadings.readings("b", 0, 10, Priority.TELEMETRY));
        append(buffer, TestReadings.readings("c", 0, 10, Priority.TELEMETRY));
        buffer.acknowledge(out); // dropped meanwhile: not counted as delivered as well
        assertThat(buffer.metrics().drops()).containsEntry("full", 10L);
        assertThat(buffer.metrics().delivered()).isZero();
    }

    @Test
    void fullDiskStopsAppendsWithUnavailableAndResumesWhenSpaceReturns() throws Exception {
        MapDbReadingBuffer buffer = open(options());
        append(buffer, TestReadings.readings("s", 0, 3, Priority.TELEMETRY));

        freeBytes.set(1_000);
        assertThatThrownBy(() -> append(buffer, TestReadings.readings("s", 3, 3, Priority.TELEMETRY)))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(BufferUnavailableException.class);
        assertThat(buffer.metrics().state()).isEqualTo(BufferState.DISK_FULL);
        assertThatThrownBy(() -> append(buffer, TestReadings.readings("s", 3, 3, Priority.TELEMETRY)))
                .hasCauseInstanceOf(BufferUnavailableException.class);
        Batch out = take(buffer, 100); // delivery goes on while the disk is full
        assertThat(out.readings()).hasSize(3);
        buffer.acknowledge(out); // and deleting delivered readings, which gives space back
        // the writer keeps committing housekeeping while appends are refused: the delivered chunk gets retained
        await().atMost(5, TimeUnit.SECONDS)
                .until(() -> ((Number) buffer.health().get("retained.bytes")).longValue() > 0);
        assertThat(buffer.metrics().state()).isEqualTo(BufferState.DISK_FULL);

        freeBytes.set(Long.MAX_VALUE);
        await().atMost(5, TimeUnit.SECONDS).until(() -> buffer.metrics().state() == BufferState.AVAILABLE);
        append(buffer, TestReadings.readings("s", 3, 3, Priority.TELEMETRY));
        assertThat(buffer.metrics().appended()).isEqualTo(6);
    }
}
