package io.cityhub.profiles.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.ingest.RawObservation;
import io.cityhub.api.profile.DecodeException;
import io.cityhub.api.profile.PayloadCodec;
import io.cityhub.testing.AllocationBudget;
import java.util.List;

/**
 * The property both SenML fuzz tests check: whatever the bytes, the codec returns readings or throws
 * {@link DecodeException} naming the codec; nothing else escapes, and it allocates in proportion to the payload.
 */
final class SenmlFuzzProperty {

    private SenmlFuzzProperty() {
    }

    static void check(PayloadCodec codec, byte[] payload) throws Exception {
        RawObservation observation = new RawObservation(null, codec.id(), payload, Observations.RECEIVED,
                ClockQuality.UNSYNCHRONISED, Priority.TELEMETRY, SourceMetadata.of("coap"));
        AllocationBudget.check(payload.length, () -> decode(codec, observation));
    }

    private static void decode(PayloadCodec codec, RawObservation observation) {
        List<Reading> readings;
        try {
            readings = codec.decode(observation);
        } catch (DecodeException rejected) {
            if (!codec.id().equals(rejected.codecId()) || rejected.getMessage() == null
                    || !rejected.getMessage().startsWith(codec.id() + ": ")) {
                throw new AssertionError("rejection does not name the codec: " + rejected.getMessage(), rejected);
            }
            return;
        }
        if (readings == null || readings.contains(null)) {
            throw new AssertionError("decoded to " + readings);
        }
    }
}
