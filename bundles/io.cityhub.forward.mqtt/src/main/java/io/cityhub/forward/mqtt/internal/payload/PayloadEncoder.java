package io.cityhub.forward.mqtt.internal.payload;

import io.cityhub.api.Reading;
import io.cityhub.profiles.senml.SenmlFormat;
import java.util.List;

/** Turns one sensor's readings into as few payloads as the size bound allows, keeping their order. */
public interface PayloadEncoder {

    /**
     * @param sensorId the sensor all readings belong to
     * @param readings at least one reading, in delivery order
     * @param maxBytes upper bound of one payload; a single reading larger than this travels alone
     * @return payloads in order; together they hold every reading exactly once
     */
    List<EncodedPayload> encode(String sensorId, List<Reading> readings, int maxBytes);

    /** @param format the configured format @return its encoder */
    static PayloadEncoder of(PayloadFormat format) {
        return switch (format) {
            case SENML_JSON -> new SenmlEncoder(SenmlFormat.JSON);
            case SENML_CBOR -> new SenmlEncoder(SenmlFormat.CBOR);
            case KURA_PROTOBUF -> new KuraPayloadEncoder();
        };
    }

    /**
     * One MQTT payload holding some of one sensor's readings.
     *
     * @param bytes the payload
     * @param readings how many readings it holds
     */
    record EncodedPayload(byte[] bytes, int readings) {
    }
}
