package io.cityhub.buffer.mapdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.buffer.GapRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The wall clock steps (NTP after a boot without a real-time clock, a technician setting the time) while readings
 * wait in the outbox: {@code max.age.seconds} counts the time they waited, never the size of a step.
 */
class OutboxClockStepTest extends OutboxFixture {

    @Test
    void aForwardStepLongerThanTheMaximumAgeExpiresNothing() throws Exception {
        MapDbReadingBuffer buffer = open(options().withMaxAge(Duration.ofHours(1)));
        append(buffer, TestReadings.readings("before", 0, 5, Priority.TELEMETRY));
        clock.advanceMillis(2_000);

        clock.step(Duration.ofDays(2));
        append(buffer, TestReadings.readings("after", 0, 3, Priority.TELEMETRY)); // a commit: expiry runs

        assertThat(buffer.metrics().drops()).doesNotContainKey("expired");
        assertThat(buffer.metrics().depth().get(Priority.TELEMETRY).oldestAgeMillis())
                .as("age of the oldest pending reading").isEqualTo(2_000);
        assertThat(drain(buffer)).extracting(Reading::sensorId)
                .containsExactly("before", "before", "before", "before", "before", "after", "after", "after");
    }

    @Test
    void readingsStillExpireByTheTimeTheyWaitedAcrossABackwardStep() throws Exception {
        MapDbReadingBuffer buffer = open(options().withMaxAge(Duration.ofMinutes(1)));
        append(buffer, TestReadings.readings("old", 0, 5, Priority.TELEMETRY));
        clock.step(Duration.ofHours(-1));
        clock.advanceMillis(30_000);
        append(buffer, TestReadings.readings("young", 0, 3, Priority.TELEMETRY));

        clock.advanceMillis(31_000); // the first append waited 61 s, although the wall clock is an hour behind it

        await().atMost(5, TimeUnit.SECONDS).until(() -> buffer.metrics().drops().getOrDefault("expired", 0L) == 5);
        List<Reading> delivered = drain(buffer);
        assertThat(GapRecord.from(delivered.get(0)).orElseThrow()).returns("old", GapRecord::sensorId)
                .returns(5L, GapRecord::count);
        assertThat(delivered.subList(1, delivered.size())).extracting(Reading::sensorId).containsOnly("young")
                .hasSize(3);
    }

    @Test
    void aReopenedOutboxTakesTheAgeFromTheStoreAndIgnoresLaterSteps() throws Exception {
        BufferOptions options = options().withMaxAge(Duration.ofHours(1));
        MapDbReadingBuffer first = open(options);
        append(first, TestReadings.readings("kept", 0, 4, Priority.TELEMETRY));
        close(first);
        clock.advance(Duration.ofMinutes(50)); // switched off for 50 minutes

        MapDbReadingBuffer reopened = open(options);
        clock.step(Duration.ofDays(2));
        clock.advance(Duration.ofMinutes(5));
        append(reopened, TestReadings.readings("new", 0, 1, Priority.TELEMETRY));

        assertThat(reopened.metrics().drops()).doesNotContainKey("expired");
        assertThat(reopened.metrics().depth().get(Priority.TELEMETRY).oldestAgeMillis())
                .isEqualTo(Duration.ofMinutes(55).toMillis());
        clock.advance(Duration.ofMinutes(6)); // now 61 minutes waited: off 50, on 11
        append(reopened, TestReadings.readings("new", 1, 1, Priority.TELEMETRY));
        await().atMost(5, TimeUnit.SECONDS)
                .until(() -> reopened.metrics().drops().getOrDefault("expired", 0L) == 4);
    }

    @Test
    void aStoreStampedAheadOfTheClockAtOpenCountsAsJustAppended() throws Exception {
        BufferOptions options = options().withMaxAge(Duration.ofHours(1));
        MapDbReadingBuffer first = open(options);
        append(first, TestReadings.readings("ahead", 0, 2, Priority.TELEMETRY));
        close(first);
        clock.step(Duration.ofDays(-3)); // rebooted without a real-time clock: the time is days behind

        MapDbReadingBuffer reopened = open(options);
        clock.advance(Duration.ofMinutes(59));
        append(reopened, TestReadings.readings("new", 0, 1, Priority.TELEMETRY));

        assertThat(reopened.metrics().drops()).doesNotContainKey("expired");
        assertThat(drain(reopened)).extracting(Reading::sensorId).containsExactly("ahead", "ahead", "new");
    }
}
