package io.cityhub.buffer.mapdb.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Readings and a settable clock for the outbox tests. */
final class TestReadings {

    static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    private TestReadings() {
    }

    /** A telemetry-like reading number {@code n} of {@code sensor}, stamped {@code n} seconds after T0. */
    static Reading reading(String sensor, int n, Priority priority) {
        Instant at = T0.plusSeconds(n);
        return Reading.of(
                        sensor,
                        "temperature",
                        ReadingValue.of(20.0 + n / 100.0),
                        "Cel",
                        at,
                        ClockQuality.SYNCHRONISED,
                        new SourceMetadata("coap", -71.5, 7.25, Map.of("remote", "10.0.0." + (n % 250))))
                .withPriority(priority);
    }

    static List<Reading> readings(String sensor, int from, int count, Priority priority) {
        List<Reading> list = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            list.add(reading(sensor, i, priority));
        }
        return list;
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advanceMillis(long millis) {
            now = now.plusMillis(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
