package io.cityhub.api.ingest;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Priority;
import io.cityhub.api.SourceMetadata;
import java.time.Instant;
import java.util.Objects;

/**
 * Bytes a sensor sent, not yet decoded. Ingest decodes them with the codec named by {@code codecId}.
 *
 * @param sensorId the sending device as the transport identifies it (URI path, DevEUI); null when the payload
 *     itself names its sensors (SenML base names)
 * @param codecId the codec to decode with: a media type such as {@code application/senml+json} or a device
 *     profile's codec id; never null
 * @param payload the raw bytes; never null; not copied, so the caller must not modify them afterwards
 * @param receivedAt when the gateway received them; stamps readings that carry no time of their own; never null
 * @param receiveClock quality of the clock behind {@code receivedAt}; never null
 * @param priority delivery class of the resulting readings; never null
 * @param source transport metadata; never null
 */
public record RawObservation(
        String sensorId,
        String codecId,
        byte[] payload,
        Instant receivedAt,
        ClockQuality receiveClock,
        Priority priority,
        SourceMetadata source) {

    /** @throws NullPointerException if a component other than sensorId is null */
    public RawObservation {
        Objects.requireNonNull(codecId, "codecId");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(receiveClock, "receiveClock");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(source, "source");
    }
}
