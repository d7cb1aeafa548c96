package io.cityhub.profiles.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.ingest.RawObservation;
import io.cityhub.api.profile.DecodeException;
import io.cityhub.api.profile.PayloadCodec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs a profile's documented examples through its codec and compares exactly (vendor values, bit for bit). */
public final class ProfileExamples {

    /** Sensor id the examples are decoded for. */
    public static final String EXAMPLE_SENSOR = "example";

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private ProfileExamples() {
    }

    /**
     * @param codec the profile's codec, not null
     * @param senml whether the codec is SenML (the pack names its sensors, the observation names none)
     * @param fport the FPort, null for none
     * @param payload the bytes
     * @return an observation as a source would hand it over
     */
    public static RawObservation observation(PayloadCodec codec, boolean senml, Integer fport, byte[] payload) {
        SourceMetadata source = new SourceMetadata("example", null, null,
                fport == null ? Map.of() : Map.of(DeclarativeCodec.FPORT, Integer.toString(fport)));
        return new RawObservation(senml ? null : EXAMPLE_SENSOR, codec.id(), payload, AT, ClockQuality.SYNCHRONISED,
                Priority.TELEMETRY, source);
    }

    /**
     * @param document the profile
     * @param codec its codec, not null
     * @return the first failing example with the reason, or empty if all pass
     */
    public static Optional<String> firstFailure(ProfileDocument document, PayloadCodec codec) {
        boolean senml = document.codecType().startsWith("senml");
        for (int i = 0; i < document.examples().size(); i++) {
            ProfileExample example = document.examples().get(i);
            String name = "example " + (i + 1) + " (" + example.description() + ")";
            List<Reading> readings;
            try {
                readings = codec.decode(observation(codec, senml, example.fport(), example.payload()));
            } catch (DecodeException e) {
                if (example.error() != null && e.getMessage().contains(example.error())) {
                    continue;
                }
                return Optional.of(name + ": " + e.getMessage());
            }
            if (example.error() != null) {
                return Optional.of(name + ": decoded, but the profile documents the error '" + example.error()
                        + "'");
            }
            Map<String, Object> actual = new LinkedHashMap<>();
            for (Reading reading : readings) {
                actual.put(reading.channel(), value(reading.value()));
            }
            if (!actual.equals(example.readings())) {
                return Optional.of(name + ": decoded " + actual + ", documented " + example.readings());
            }
        }
        return Optional.empty();
    }

    /** @return the value as a Double, Boolean or String */
    public static Object value(ReadingValue value) {
        if (value instanceof ReadingValue.NumberValue n) {
            return n.value();
        }
        if (value instanceof ReadingValue.BooleanValue b) {
            return b.value();
        }
        return ((ReadingValue.TextValue) value).value();
    }
}
