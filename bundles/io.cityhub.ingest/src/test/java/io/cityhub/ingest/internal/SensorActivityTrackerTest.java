package io.cityhub.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.health.SensorSighting;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SensorActivityTrackerTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void refusesACapacityBelowOne() {
        assertThatThrownBy(() -> new SensorActivityTracker(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }

    @Test
    void forgetsTheChannelHeardFromLongestAgoWhenFull() {
        SensorActivityTracker tracker = new SensorActivityTracker(2);
        tracker.record(List.of(reading("a", 1)), T0);
        tracker.record(List.of(reading("b", 2)), T0.plusSeconds(1));
        tracker.record(List.of(reading("a", 3)), T0.plusSeconds(2)); // a heard again: b is now the eldest
        tracker.record(List.of(reading("c", 4)), T0.plusSeconds(3));

        assertThat(tracker.sightings()).extracting(SensorSighting::sensorId).containsExactly("c", "a");
    }

    @Test
    void keepsTheLatestValueAndCountsReadingsMostRecentFirst() {
        SensorActivityTracker tracker = new SensorActivityTracker(10);
        tracker.record(List.of(reading("a", 1), reading("a", 2)), T0);
        tracker.record(List.of(reading("<script>", 9)), T0.plusSeconds(5));

        List<SensorSighting> sightings = tracker.sightings();
        assertThat(sightings).extracting(SensorSighting::sensorId).containsExactly("<script>", "a");
        assertThat(sightings.get(1).value()).isEqualTo("2.0");
        assertThat(sightings.get(1).readings()).isEqualTo(2);
        assertThat(sightings.get(1).receivedAt()).isEqualTo(T0);
    }

    private static Reading reading(String sensor, double value) {
        return Reading.of(sensor, "t", ReadingValue.of(value), "Cel", T0.plusMillis((long) value),
                ClockQuality.SYNCHRONISED, SourceMetadata.of("coap"));
    }
}
