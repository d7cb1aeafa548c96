package io.cityhub.forward.mqtt.internal.link;

import java.util.List;
import javax.net.ssl.SSLSocketFactory;

/**
 * What the MQTT session is built from; validated beforehand by the component's options (this package checks
 * nothing of the configuration).
 *
 * @param gatewayId the MQTT client id
 * @param brokerUris tcp:// or ssl:// URIs, tried in order, at least one
 * @param keepAliveSeconds MQTT keep-alive
 * @param dataWindow in-flight data messages; the session allows {@link MqttLink#CONTROL_WINDOW} more
 * @param username empty for none
 * @param password empty for none
 * @param tls the socket factory of ssl:// brokers, or null when every broker is tcp://
 * @param hostnameVerification whether the broker's certificate must name its host
 */
public record LinkSettings(String gatewayId, List<String> brokerUris, int keepAliveSeconds, int dataWindow,
        String username, char[] password, SSLSocketFactory tls, boolean hostnameVerification) {

    /** Copies the broker list. */
    public LinkSettings {
        brokerUris = List.copyOf(brokerUris);
    }
}
