package io.cityhub.forward.mqtt.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Readings for tests. */
public final class Fixtures {

    public static final Instant T0 = Instant.parse("2026-11-27T08:00:00.125Z");

    private Fixtures() {
    }

    public static Reading temperature(String sensor, int index) {
        return Reading.of(sensor, "temperature", ReadingValue.of(20.0 + index / 8.0), "Cel", T0.plusMillis(index),
                ClockQuality.SYNCHRONISED, SourceMetadata.of("coap"));
    }

    public static List<Reading> temperatures(String sensor, int count) {
        List<Reading> readings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            readings.add(temperature(sensor, i));
        }
        return readings;
    }

    public static Reading safety(String sensor, int index) {
        return Reading.of(sensor, "conflict", ReadingValue.of(true), "", T0.plusMillis(index),
                ClockQuality.UNSYNCHRONISED, SourceMetadata.of("traffic")).withPriority(Priority.SAFETY);
    }
}
