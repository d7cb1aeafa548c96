package io.cityhub.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.buffer.Batch;
import io.cityhub.api.buffer.ReplayQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** The shared outbox fake keeps the ReadingBuffer contract the tests of every bundle rely on. */
class InMemoryReadingBufferTest {

    private static final Instant T0 = Instant.parse("2026-12-01T06:00:00Z");

    private final InMemoryReadingBuffer buffer = new InMemoryReadingBuffer();

    @Test
    void takesSafetyFirstThenAppendOrder() throws Exception {
        buffer.append(List.of(reading(1, Priority.TELEMETRY), reading(2, Priority.TELEMETRY)));
        buffer.append(List.of(reading(3, Priority.SAFETY)));

        Batch batch = buffer.take(10, Duration.ZERO).orElseThrow();

        assertThat(batch.readings()).extracting(Reading::sensorId).containsExactly("s3", "s1", "s2");
    }

    @Test
    void releasedReadingsComeBackInTheirPlaceAheadOfNewerOnes() throws Exception {
        buffer.append(List.of(reading(1), reading(2), reading(3), reading(4)));
        Batch first = buffer.take(2, Duration.ZERO).orElseThrow();
        Batch second = buffer.take(1, Duration.ZERO).orElseThrow();
        buffer.append(List.of(reading(5)));

        buffer.release(second);
        buffer.release(first);

        assertThat(buffer.take(10, Duration.ZERO).orElseThrow().readings()).extracting(Reading::sensorId)
                .containsExactly("s1", "s2", "s3", "s4", "s5");
        assertThat(buffer.releasedReadings()).isEqualTo(3);
        assertThat(buffer.releases()).isEqualTo(2);
    }

    @Test
    void takenReadingsAreSkippedUntilAcknowledgedAndThenArchived() throws Exception {
        buffer.append(List.of(reading(1), reading(2)));
        Batch batch = buffer.take(1, Duration.ZERO).orElseThrow();

        assertThat(buffer.take(10, Duration.ZERO).orElseThrow().readings()).extracting(Reading::sensorId)
                .containsExactly("s2");
        buffer.acknowledge(batch);
        buffer.acknowledge(batch); // a second acknowledge of the same batch changes nothing

        assertThat(buffer.delivered()).isEqualTo(1);
        assertThat(buffer.pendingCount()).isEqualTo(1);
        assertThat(buffer.replay(new ReplayQuery(T0, T0.plusSeconds(60), null, null, 10)).readings())
                .extracting(Reading::sensorId).containsExactly("s1");
        assertThat(buffer.durable()).extracting(Reading::sensorId).containsExactly("s1", "s2");
    }

    @Test
    void anEmptyOutboxAnswersNothingAfterTheWait() throws Exception {
        assertThat(buffer.take(10, Duration.ofMillis(20))).isEmpty();
    }

    @Test
    void heldAppendsBecomeDurableAndTakableOnlyWhenCompleted() throws Exception {
        buffer.holdAppends();
        CompletionStage<Void> stage = buffer.append(List.of(reading(1)));

        assertThat(buffer.durable()).isEmpty();
        assertThat(buffer.take(10, Duration.ZERO)).isEmpty();
        buffer.held().get(0).complete(null);

        assertThat(stage.toCompletableFuture()).isDone();
        assertThat(buffer.durable()).extracting(Reading::sensorId).containsExactly("s1");
        assertThat(buffer.take(10, Duration.ZERO)).isPresent();
    }

    @Test
    void failedAppendsKeepNothingAndAreCounted() {
        IllegalStateException failure = new IllegalStateException("disk full");
        buffer.failAppends(failure);

        CompletionStage<Void> stage = buffer.append(List.of(reading(1)));

        assertThat(stage.toCompletableFuture()).isCompletedExceptionally();
        assertThat(buffer.durable()).isEmpty();
        assertThat(buffer.appendCalls()).isEqualTo(1);
    }

    @Test
    void recordsAppendToAcknowledgeLatencyOnlyWhileAskedTo() throws Exception {
        buffer.keepDelivered(false);
        buffer.append(List.of(reading(1)));
        buffer.acknowledge(buffer.take(1, Duration.ZERO).orElseThrow());
        assertThat(buffer.latencyMillis(0.5)).isZero();

        buffer.recordLatencies(true);
        buffer.append(List.of(reading(2)));
        buffer.acknowledge(buffer.take(1, Duration.ZERO).orElseThrow());

        assertThat(buffer.latencyMillis(0.99)).isPositive();
        assertThat(buffer.durable()).as("nothing delivered is kept").isEmpty();
    }

    private static Reading reading(int n) {
        return reading(n, Priority.TELEMETRY);
    }

    private static Reading reading(int n, Priority priority) {
        return Reading.of("s" + n, "temperature", ReadingValue.of(n), "Cel", T0.plusSeconds(n),
                ClockQuality.SYNCHRONISED, SourceMetadata.of("test")).withPriority(priority);
    }
}
