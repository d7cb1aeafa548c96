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
