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

    /**
     * One received message.
     *
     * @param duplicate the broker's DUP flag: it sends this message to the platform again (MQTT 3.1.1 §3.3.1.1), a
     *     redelivery on the broker-to-platform leg, independent of what the gateway sent
     */
    record Message(String topic, byte[] payload, boolean retained, boolean duplicate) {
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
                new Message(topic, message.getPayload(), message.isRetained(), message.isDuplicate())));
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

    /**
     * Disconnects and frees the client. A connection the broker closes while the DISCONNECT is on its way (a busy
     * machine makes this race likely: Paho completes the disconnect token with 32109 when it reads EOF first) is the
     * state close wants, not a failure of the test.
     */
    @Override
    public void close() throws MqttException {
        disconnect(client);
        client.close();
    }

    /**
     * Disconnects a client if it is connected, taking a connection the broker closed while the DISCONNECT was on its
     * way (32109 from Paho, likely on a busy machine) for what it is: disconnected. Leaves the client open.
     */
    static void disconnect(MqttClient client) throws MqttException {
        if (!client.isConnected()) {
            return;
        }
        try {
            client.disconnect(1_000);
        } catch (MqttException e) {
            if (e.getReasonCode() != MqttException.REASON_CODE_CONNECTION_LOST) {
                throw e;
            }
            client.disconnectForcibly(0, 1_000);
        }
    }
}
