package io.cityhub.forward.mqtt.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** The platform side in tests: a plain Paho client that records what it receives and sends requests. */
final class TestSubscriber implements AutoCloseable {

    /** One received message. */
    record Message(String topic, byte[] payload, boolean retained) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final MqttClient client;
    private final List<Message> messages = new CopyOnWriteArrayList<>();

    TestSubscriber(String uri, String filter, MqttConnectOptions options) throws MqttException {
        client = new MqttClient(uri, "platform-" + System.nanoTime(), new MemoryPersistence());
        client.connect(options);
        client.subscribe(filter, 1, (topic, message) -> messages.add(
                new Message(topic, message.getPayload(), message.isRetained())));
    }

    TestSubscriber(String uri, String filter) throws MqttException {
        this(uri, filter, platformOptions());
    }

    /**
     * The platform sends bursts of requests; Paho's default of 10 in-flight publishes can refuse a burst with
     * 32202 even when each publish waits for its PUBACK (the slot is freed after the token completes).
     */
    private static MqttConnectOptions platformOptions() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(100);
        return options;
    }

    void send(String topic, String payload) throws MqttException {
        client.publish(topic, new MqttMessage(payload.getBytes(StandardCharsets.UTF_8)));
    }

    List<Message> messages() {
        return messages;
    }

    List<Message> on(String topic) {
        return messages.stream().filter(m -> m.topic().equals(topic)).toList();
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(1_000);
        }
        client.close();
    }
}
