package io.cityhub.filter.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.profile.ChannelSpec;
import io.cityhub.api.profile.DeviceProfile;
import io.cityhub.api.profile.DeviceProfileRegistry;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Readings and a plain in-memory profile registry for the filter tests. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    private Fixtures() {
    }

    static Reading reading(String sensor, String channel, double value, String unit, long secondsAfterT0) {
        return Reading.of(sensor, channel, ReadingValue.of(value), unit, T0.plusSeconds(secondsAfterT0),
                ClockQuality.SYNCHRONISED, SourceMetadata.of("coap"));
    }

    static double value(Reading r) {
        return ((ReadingValue.NumberValue) r.value()).value();
    }

    /** A registry holding one profile, used by the given sensors. */
    static final class Registry implements DeviceProfileRegistry {
        private final DeviceProfile profile;
        private final List<String> sensors;
        /** what {@link #revision()} answers: a test bumps it to play a reload of the profiles */
        volatile long revision;

        Registry(List<String> sensors, ChannelSpec... channels) {
            this.profile = new DeviceProfile("test-th", "Acme", "TH-1", "coap", "cayenne-lpp", List.of(channels));
            this.sensors = List.copyOf(sensors);
        }

        @Override
        public Optional<DeviceProfile> profile(String profileId) {
            return profile.id().equals(profileId) ? Optional.of(profile) : Optional.empty();
        }

        @Override
        public Optional<DeviceProfile> profileOf(String sensorId) {
            return sensors.contains(sensorId) ? Optional.of(profile) : Optional.empty();
        }

        @Override
        public Collection<DeviceProfile> profiles() {
            return List.of(profile);
        }

        @Override
        public long revision() {
            return revision;
        }
    }

    static Map<String, String> params(String... kv) {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
