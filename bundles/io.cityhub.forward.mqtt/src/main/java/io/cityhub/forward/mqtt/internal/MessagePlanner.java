package io.cityhub.forward.mqtt.internal;

import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a buffer batch into MQTT messages: one sensor per message (its topic names the sensor), SAFETY readings to
 * the events topic, each payload within the size bound. Order is kept per sensor and the batch's class order
 * (SAFETY first) is kept across groups, because groups are emitted in order of first appearance.
 */
final class MessagePlanner {

    private final Topics topics;
    private final PayloadEncoder encoder;
    private final int maxBytes;

    MessagePlanner(Topics topics, PayloadEncoder encoder, int maxBytes) {
        this.topics = topics;
        this.encoder = encoder;
        this.maxBytes = maxBytes;
    }

    List<OutboundMessage> plan(List<Reading> readings) {
        Map<GroupKey, List<Reading>> groups = new LinkedHashMap<>();
        for (Reading reading : readings) {
            GroupKey key = new GroupKey(reading.priority() == Priority.SAFETY, reading.sensorId());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(reading);
        }
        List<OutboundMessage> messages = new ArrayList<>(groups.size());
        for (Map.Entry<GroupKey, List<Reading>> group : groups.entrySet()) {
            GroupKey key = group.getKey();
            String topic = key.event() ? topics.events() : topics.telemetry(key.sensorId());
            for (PayloadEncoder.EncodedPayload payload : encoder.encode(key.sensorId(), group.getValue(), maxBytes)) {
                messages.add(new OutboundMessage(topic, payload.bytes(), payload.readings()));
            }
        }
        return messages;
    }

    private record GroupKey(boolean event, String sensorId) {
    }

    /**
     * A payload ready to publish at QoS 1.
     *
     * @param topic where it goes
     * @param payload the bytes
     * @param readings readings it carries
     */
    record OutboundMessage(String topic, byte[] payload, int readings) {
    }
}
