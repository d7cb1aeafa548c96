package io.cityhub.profiles.internal;

import io.cityhub.api.Reading;
import io.cityhub.api.ReadingIds;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.ingest.RawObservation;
import java.util.HashMap;
import java.util.Map;

/**
 * The reading a codec makes of one decoded value: stamped with the observation's receive time and clock, in its
 * delivery class, with its source. Its id comes from the frame when the source names one
 * ({@link SourceMetadata#FRAME_ID}: a LoRaWAN DevEUI, session and FCnt), else from sensor, channel, unit and time,
 * and the receipt when the source names one ({@link SourceMetadata#RECEIPT_ID}), since the gateway's clock can show
 * the same time twice. The receipt attribute is not passed on into the reading.
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
        String receipt = observation.source().attributes().get(SourceMetadata.RECEIPT_ID);
        String id;
        if (frame != null) {
            id = ReadingIds.derive("frame", frame, channel, unit);
        } else if (receipt != null) {
            id = ReadingIds.ofReceipt(observation.sensorId(), channel, unit, observation.receivedAt(), receipt);
        } else {
            id = ReadingIds.of(observation.sensorId(), channel, unit, observation.receivedAt());
        }
        return new Reading(id, observation.sensorId(), channel, value, unit, observation.receivedAt(),
                observation.receiveClock(), observation.priority(), withoutReceipt(observation.source()));
    }

    /** @return {@code source} without {@link SourceMetadata#RECEIPT_ID}: it made the id, it need not be stored */
    static SourceMetadata withoutReceipt(SourceMetadata source) {
        if (!source.attributes().containsKey(SourceMetadata.RECEIPT_ID)) {
            return source;
        }
        Map<String, String> attributes = new HashMap<>(source.attributes());
        attributes.remove(SourceMetadata.RECEIPT_ID);
        return new SourceMetadata(source.transport(), source.rssiDbm(), source.snrDb(), attributes);
    }
}
