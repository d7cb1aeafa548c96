package io.cityhub.profiles.internal;

import io.cityhub.api.Reading;
import io.cityhub.api.ReadingIds;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.ingest.RawObservation;

/**
 * The reading a codec makes of one decoded value: stamped with the observation's receive time and clock, in its
 * delivery class, with its source. Its id comes from the frame when the source names one
 * ({@link SourceMetadata#FRAME_ID}: a LoRaWAN DevEUI, session and FCnt), else from sensor, channel, unit and time.
 */
final class CodecReadings {

    private CodecReadings() {
    }

    /**
     * @param observation what was decoded, not null
     * @param channel the channel, not blank
     * @param value the value, not null
     * @param unit the unit symbol, empty for none, not null
     * @return the reading
     */
    static Reading of(RawObservation observation, String channel, ReadingValue value, String unit) {
        String frame = observation.source().attributes().get(SourceMetadata.FRAME_ID);
        String id = frame == null
                ? ReadingIds.of(observation.sensorId(), channel, unit, observation.receivedAt())
                : ReadingIds.derive("frame", frame, channel, unit);
        return new Reading(id, observation.sensorId(), channel, value, unit, observation.receivedAt(),
                observation.receiveClock(), observation.priority(), observation.source());
    }
}
