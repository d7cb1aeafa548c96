package io.cityhub.buffer.mapdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.buffer.Batch;
import io.cityhub.api.buffer.BufferMetrics;
import io.cityhub.api.buffer.BufferState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutboxDeliveryTest extends OutboxFixture {

    @Test
    void unacknowledgedBatchIsDeliveredAgainAfterRestart() throws Exception {
        MapDbReadingBuffer buffer = open(options());
        List<Reading> readings = TestReadings.readings("s1", 0, 10, Priority.TELEMETRY);
        append(buffer, readings);
        Batch first = take(buffer, 4);
        Batch second = take(buffer, 100);
        buffer.acknowledge(first);
        assertThat(second.readings()).containsExactlyElementsOf(readings.subList(4, 10));
        close(buffer);

        MapDbReadingBuffer reopened = open(options());
        // in-flight batches are not persisted; the chunk was only partly acknowledged, so all of it comes again
        assertThat(drain(reopened)).containsExactlyElementsOf(readings);
    }

    @Test
    void acknowledgedReadingsAreGoneAfterRestart() throws Exception {
        MapDbReadingBuffer buffer = open(options());
        append(buffer, TestReadings.readings("s1", 0, 5, Priority.TELEMETRY));
        append(buffer, TestReadings.readings("s1", 5, 5, Priority.TELEMETRY));
        assertThat(drain(buffer)).hasSize(10);
        assertThat(buffer.metrics().delivered()).isEqualTo(10);
        close(buffer); // the last commit on close makes the deletions durable

        MapDbReadingBuffer reopened = open(options());
        assertThat(reopened.take(10, Duration.ZERO)).isEmpty();
        assertThat(reopened.metrics().pendingCount()).isZero();
    }

    @Test
    void releasedBatchIsTakenAgainInItsPlace() throws Exception {
        MapDbReadingBuffer buffer = open(options());
        List<Reading> readings = TestReadings.readings("s1", 0, 6, Priority.TELEMETRY);
        append(buffer, readings);
        Batch first = take(buffer, 3);
        buffer.release(first);
        buffer.release(first); // unknown by now: no effect
        assertThat(take(buffer, 10).readings()).containsExactlyElementsOf(readings);
    }

    @Test
    void acknowledgingTwiceCountsOnce() throws Exception {
        MapDbReadingBuffer buffer = open(options());
        append(buffer, TestReadings.readings("s1", 0, 3, Priority.TELEMETRY));
        Batch batch = take(buffer, 10);
        buffer.acknowledge(batch);
        buffer.acknowledge(batch);
        assertThat(buffer.metrics().delivered()).isEqualTo(3);
    }

    @Test
    void takeReturnsEmptyWhenNothingArrivesInTime() throws Exception {
        MapDbReadingBuffer buffer = open(options());
        assertThat(buffer.take(10, Duration.ofMillis(20))).isEmpty();
    }

    @Test
    void higherClassesDrainFirstAndEachClassInAppendOrder() throws Exception {
        MapDbReadingBuffer buffer = open(options());
        List<Reading> diag = TestReadings.readings("d", 0, 3, Priority.DIAGNOSTIC);
        List<Reading> tele1 = TestReadings.readings("t", 0, 3, Priority.TELEMETRY);
        List<Reading> safety = TestReadings.readings("x", 0, 2, Priority.SAFETY);
        List<Reading> tele2 = TestReadings.readings("t", 3, 3, Priority.TELEMETRY);
        append(buffer, diag);
        append(buffer, tele1);
        List<Reading> mixed = new ArrayList<>(safety);
        mixed.addAll(tele2);
        append(buffer, mixed);

        List<Reading> expected = new ArrayList<>(safety);
        expected.addAll(tele1);
        expected.addAll(tele2);
        expected.addAll(diag);
        assertThat(take(buffer, 100).readings()).containsExactlyElementsOf(expected);
    }

    @Test
    void metricsAndHealthShowDepthPerClass() throws Exception {
        MapDbReadingBuffer buffer = open(options());
        append(buffer, TestReadings.readings("s", 0, 4, Priority.TELEMETRY));
        append(buffer, TestReadings.readings("s", 0, 1, Priority.SAFETY));
        clock.advanceMillis(1500);
        BufferMetrics m = buffer.metrics();
        assertThat(m.state()).isEqualTo(BufferState.AVAILABLE);
        assertThat(m.depth().get(Priority.TELEMETRY).count()).isEqualTo(4);
        assertThat(m.depth().get(Priority.SAFETY).count()).isEqualTo(1);
        assertThat(m.depth().get(Priority.DIAGNOSTIC).count()).isZero();
        assertThat(m.pendingBytes()).isPositive();
        assertThat(m.oldestAgeMillis()).isEqualTo(1500);
        assertThat(m.recoveries()).isZero();
        await().atMost(5, TimeUnit.SECONDS).until(() -> buffer.metrics().sizeOnDiskBytes() > 0);
        assertThat(buffer.healthSection()).isEqualTo("buffer");
        assertThat(buffer.health())
                .containsEntry("state", "AVAILABLE")
                .containsEntry("pending.count", 5L)
                .containsEntry("pending.telemetry", 4L)
                .containsKeys("size.on.disk.bytes", "last.commit.us", "recoveries");
    }
}
