package io.cityhub.profiles.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Priority;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.ingest.RawObservation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

/** Test fixtures: observations as the CoAP server would hand them to ingest. */
final class Observations {

    static final Instant RECEIVED = Instant.parse("2026-11-27T08:00:00Z");

    private Observations() {
    }

    static RawObservation json(String sensorId, String json) {
        return new RawObservation(sensorId, SenmlJsonCodec.ID, json.getBytes(StandardCharsets.UTF_8), RECEIVED,
                ClockQuality.UNSYNCHRONISED, Priority.TELEMETRY, SourceMetadata.of("coap"));
    }

    static RawObservation cbor(String sensorId, String hex) {
        return cborBytes(sensorId, HexFormat.of().parseHex(hex));
    }

    static RawObservation cborBytes(String sensorId, byte[] bytes) {
        return new RawObservation(sensorId, SenmlCborCodec.ID, bytes, RECEIVED, ClockQuality.UNSYNCHRONISED,
                Priority.TELEMETRY, SourceMetadata.of("coap"));
    }
}
