package io.cityhub.tools;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Stands in for the regional platform on a developer's machine: an MQTT broker (Moquette, in this JVM) bound to
 * loopback, and a platform client subscribed to everything gateways publish. Used by the demo and by the
 * distribution's end-to-end tests.
 */
public final class PlatformStandIn implements AutoCloseable {

    /** One message the platform received. */
    public record Received(String topic, byte[] payload, boolean retained) {
        /** @return the payload as UTF-8 text */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final int port;
    private final Server broker;
    private final MqttClient platform;

    private PlatformStandIn(int port, Server broker, MqttClient platform) {
        this.port = port;
        this.broker = broker;
        this.platform = platform;
    }

    /**
     * Starts the broker on 127.0.0.1 and subscribes the platform client to {@code topicFilter}.
     *
     * @param port the broker port
     * @param topicFilter what the platform subscribes to, e.g. {@code cityhub/#}
     * @param sink receives every message, on Paho's callback thread
     * @return the running stand-in
     * @throws IOException if the broker cannot bind
     * @throws MqttException if the platform client cannot subscribe
     */
    public static PlatformStandIn start(int port, String topicFilter, Consumer<Received> sink)
            throws IOException, MqttException {
        Properties props = new Properties();
        props.setProperty("host", "127.0.0.1");
        props.setProperty("port", Integer.toString(port));
        props.setProperty("websocket_port", "0");
        props.setProperty("allow_anonymous", "true");
        props.setProperty("persistence_enabled", "false");
        props.setProperty("telemetry_enabled", "false");
        props.setProperty("netty.mqtt.message_size", Integer.toString(8 * 1024 * 1024));
        Server broker = new Server();
        broker.startServer(new MemoryConfig(props));
        MqttClient platform = new MqttClient("tcp://127.0.0.1:" + port, "platform-stand-in", new MemoryPersistence());
        try {
            platform.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    // the stand-in lives exactly as long as its own broker; nothing to recover
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    sink.accept(new Received(topic, message.getPayload(), message.isRetained()));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                    // the platform only publishes requests; nothing waits on their delivery
                }
            });
            connectAndSubscribe(platform, topicFilter);
        } catch (MqttException e) {
            broker.stopServer();
            throw e;
        }
        return new PlatformStandIn(port, broker, platform);
    }

    /**
     * Connects and subscribes, a second and third time if the broker closes the new connection: on a loaded machine
     * Moquette has been seen to close a connection it had just acknowledged when the SUBSCRIBE came right after the
     * CONNACK ("SUBSCRIBE received on already closed connection").
     */
    private static void connectAndSubscribe(MqttClient platform, String topicFilter) throws MqttException {
        for (int attempt = 1;; attempt++) {
            try {
                MqttConnectOptions options = new MqttConnectOptions();
                options.setCleanSession(true);
                platform.connect(options);
                platform.subscribe(topicFilter, 1);
                return;
            } catch (MqttException e) {
                if (attempt == 3 || e.getReasonCode() != MqttException.REASON_CODE_CONNECTION_LOST) {
                    throw e;
                }
                if (platform.isConnected()) {
                    platform.disconnectForcibly(1000);
                }
            }
        }
    }

    /** @return the broker port */
    public int port() {
        return port;
    }

    /**
     * Publishes a message as the platform would (a pull or replay request).
     *
     * @param topic the topic
     * @param payload the payload
     * @throws MqttException if the broker refuses it
     */
    public void publish(String topic, byte[] payload) throws MqttException {
        platform.publish(topic, payload, 1, false);
    }

    /**
     * Stops the broker, then the platform client: as when a broker goes away, whatever it acknowledged to a publisher
     * was routed to the platform's connection first. (Disconnecting the platform first would let the broker
     * acknowledge publishes that no subscriber receives any more.)
     */
    @Override
    public void close() {
        try {
            broker.stopServer();
        } finally {
            try {
                platform.close(true);
            } catch (MqttException e) {
                // the broker is gone already, which ended the session either way
            }
        }
    }
}
