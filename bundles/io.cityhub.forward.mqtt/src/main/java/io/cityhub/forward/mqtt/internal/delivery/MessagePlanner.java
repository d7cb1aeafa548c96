package io.cityhub.forward.mqtt.internal.delivery;

import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.forward.mqtt.internal.link.MqttText;
import io.cityhub.forward.mqtt.internal.link.Topics;
import io.cityhub.forward.mqtt.internal.payload.PayloadEncoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Splits a buffer batch into MQTT messages: one sensor per message (its topic names the sensor), SAFETY readings to
 * the events topic, each payload within the size bound. Order is kept per sensor and the batch's class order
 * (SAFETY first) is kept across groups, because groups are emitted in order of first appearance.
 *
 * <p>A reading that cannot become a message (its topic is not a valid MQTT string, the encoder fails on it) is set
 * aside as {@link Undeliverable} and never holds up the others: when a group fails to encode, its readings are
 * encoded one by one so that only the bad ones are set aside.
 */
public final class MessagePlanner {

    private final Topics topics;
    private final PayloadEncoder encoder;
    private final int maxBytes;

    public MessagePlanner(Topics topics, PayloadEncoder encoder, int maxBytes) {
        this.topics = topics;
        this.encoder = encoder;
        this.maxBytes = maxBytes;
    }

    public Plan plan(List<Reading> readings) {
        Map<GroupKey, List<Reading>> groups = new LinkedHashMap<>();
        for (Reading reading : readings) {
            GroupKey key = new GroupKey(reading.priority() == Priority.SAFETY, reading.sensorId());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(reading);
        }
        Plan plan = new Plan(new ArrayList<>(groups.size()), new ArrayList<>(0));
        for (Map.Entry<GroupKey, List<Reading>> group : groups.entrySet()) {
            GroupKey key = group.getKey();
            String topic = key.event() ? topics.events() : topics.telemetry(key.sensorId());
            Optional<String> badTopic = MqttText.problem(topic);
            if (badTopic.isPresent()) {
                for (Reading reading : group.getValue()) {
                    plan.undeliverable().add(new Undeliverable(reading, "topic " + badTopic.get()));
                }
                continue;
            }
            try {
                addPayloads(plan, topic, key.sensorId(), group.getValue());
            } catch (RuntimeException e) { // an encoder bug or a value it cannot write: find the reading(s) at fault
                for (Reading reading : group.getValue()) {
                    planAlone(plan, topic, reading);
                }
            }
        }
        return plan;
    }

    /** @return one reading alone as one message, or as undeliverable if even that cannot be made */
    public Plan planAlone(Reading reading) {
        Plan plan = new Plan(new ArrayList<>(1), new ArrayList<>(0));
        String topic = reading.priority() == Priority.SAFETY ? topics.events() : topics.telemetry(reading.sensorId());
        Optional<String> badTopic = MqttText.problem(topic);
        if (badTopic.isPresent()) {
            plan.undeliverable().add(new Undeliverable(reading, "topic " + badTopic.get()));
        } else {
            planAlone(plan, topic, reading);
        }
        return plan;
    }

    private void planAlone(Plan plan, String topic, Reading reading) {
        try {
            addPayloads(plan, topic, reading.sensorId(), List.of(reading));
        } catch (RuntimeException e) {
            plan.undeliverable().add(new Undeliverable(reading, "cannot encode: " + e));
        }
    }

    private void addPayloads(Plan plan, String topic, String sensorId, List<Reading> readings) {
        List<PayloadEncoder.EncodedPayload> payloads = encoder.encode(sensorId, readings, maxBytes);
        List<OutboundMessage> messages = new ArrayList<>(payloads.size());
        int from = 0;
        for (PayloadEncoder.EncodedPayload payload : payloads) {
            messages.add(
                    new OutboundMessage(topic, payload.bytes(), readings.subList(from, from + payload.readings())));
            from += payload.readings();
        }
        if (from != readings.size()) {
            throw new IllegalStateException("encoder put " + from + " of " + readings.size() + " readings in payloads");
        }
        plan.messages().addAll(messages); // only when the whole group encoded
    }

    private record GroupKey(boolean event, String sensorId) {
    }

    /**
     * What a batch becomes.
     *
     * @param messages messages to publish, in order
     * @param undeliverable readings that cannot be sent, with the reason
     */
    public record Plan(List<OutboundMessage> messages, List<Undeliverable> undeliverable) {
    }

    /**
     * A reading the uplink cannot encode or publish.
     *
     * @param reading the reading
     * @param reason why, for the event and the log (may hold anything the reading held: print it escaped)
     */
    public record Undeliverable(Reading reading, String reason) {
    }

    /**
     * A payload ready to publish at QoS 1.
     *
     * @param topic where it goes
     * @param payload the bytes
     * @param readings the readings it carries, in order
     */
    public record OutboundMessage(String topic, byte[] payload, List<Reading> readings) {
    }
}
