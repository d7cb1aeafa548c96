package io.cityhub.forward.mqtt.internal.link;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the link asks of Paho beyond a session's calls: connect options, its in-flight state, its version. */
final class PahoClients {

    private static final Logger LOG = LoggerFactory.getLogger(PahoClients.class);

    private PahoClients() {
    }

    static MqttConnectOptions connectOptions(LinkSettings settings, String willTopic, byte[] will) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setServerURIs(settings.brokerUris().toArray(new String[0]));
        o.setCleanSession(false); // the broker queues requests while the link is down
        o.setAutomaticReconnect(false); // our own backoff with jitter and state logging
        o.setKeepAliveInterval(settings.keepAliveSeconds());
        o.setConnectionTimeout((int) (MqttLink.OPERATION_TIMEOUT_MILLIS / 1000));
        o.setMaxInflight(settings.dataWindow() + MqttLink.CONTROL_WINDOW);
        o.setWill(willTopic, will, 1, true);
        if (!settings.username().isEmpty()) {
            o.setUserName(settings.username());
        }
        if (settings.password().length > 0) {
            o.setPassword(settings.password());
        }
        if (settings.tls() != null) {
            o.setSocketFactory(settings.tls());
        }
        o.setHttpsHostnameVerificationEnabled(settings.hostnameVerification());
        return o;
    }

    /**
     * Removes the unacknowledged telemetry and event messages from Paho's in-flight state once their batches were
     * released to the buffer: with a persistent session Paho would resend them after reconnecting (MQTT 3.1.1 §4.4),
     * duplicating what the buffer sends again and taking in-flight slots the pipeline does not know of. Status,
     * health and responses stay with Paho, which resends them.
     *
     * @return how many it removed
     */
    static int forgetDataMessages(MqttAsyncClient client, Topics topics) {
        int removed = 0;
        for (IMqttDeliveryToken token : client.getPendingDeliveryTokens()) {
            String[] tokenTopics = token.getTopics();
            if (tokenTopics == null || tokenTopics.length == 0 || !topics.isData(tokenTopics[0])) {
                continue;
            }
            try {
                // a token already failed by the disconnect may have lost its message: Paho 1.2.5's removeMessage
                // then throws NullPointerException, and there is nothing left to remove anyway
                if (token.getMessage() != null && client.removeMessage(token)) {
                    removed++;
                }
            } catch (MqttException e) {
                LOG.debug("uplink could not drop an unacknowledged message from the client: {}", e.getMessage());
            }
        }
        return removed;
    }

    /** @return Paho's version, from the build ({@code versions.properties}; Paho's own constant is a placeholder) */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = PahoClients.class.getResourceAsStream("versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            LOG.debug("uplink versions.properties unreadable: {}", e.getMessage());
        }
        return p.getProperty("paho", "unknown");
    }
}
