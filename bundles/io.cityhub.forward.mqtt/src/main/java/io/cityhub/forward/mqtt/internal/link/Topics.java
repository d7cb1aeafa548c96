package io.cityhub.forward.mqtt.internal.link;

/**
 * The topic layout (bundle README): everything under {@code <prefix>/<gateway>/}.
 *
 * @param prefix configured prefix, e.g. {@code cityhub}
 * @param gateway the gateway id, also the MQTT client id
 */
public record Topics(String prefix, String gateway) {

    /** {@code <prefix>/<gateway>}. */
    public String root() {
        return prefix + "/" + gateway;
    }

    /** Telemetry of one sensor (TELEMETRY and DIAGNOSTIC readings). */
    public String telemetry(String sensorId) {
        return root() + "/telemetry/" + topicLevel(sensorId);
    }

    /** A sensor id as one topic level: MQTT 3.1.1 §4.7 forbids wildcards in published topics; '/' would add levels. */
    public static String topicLevel(String id) {
        return id.replace('/', '_').replace('+', '_').replace('#', '_');
    }

    /** SAFETY readings, gap records included. */
    public String events() {
        return root() + "/events";
    }

    /** Retained online/offline state; the last will writes offline. */
    public String status() {
        return root() + "/status";
    }

    /** Periodic health message. */
    public String health() {
        return root() + "/health";
    }

    /**
     * What the gateway subscribes to: its request topics, {@code <prefix>/<gateway>/req/<request-id>} with a
     * single-level id, and nothing else (a {@code #} would also match {@code …/req} itself and deeper topics, MQTT
     * 3.1.1 §4.7.1.2).
     */
    public String requestFilter() {
        return root() + "/req/+";
    }

    /**
     * The filter earlier versions subscribed to, {@code <prefix>/<gateway>/req/#}: a persistent session keeps it at
     * the broker, so the link unsubscribes it on connecting.
     */
    public String formerRequestFilter() {
        return root() + "/req/#";
    }

    /**
     * @param topic the topic a message arrived on
     * @return whether it is one of this gateway's request topics: a persistent session may still hold subscriptions
     *     made under another configuration (another {@code topic.prefix}), and those requests are not ours to answer
     */
    public boolean isRequest(String topic) {
        return topic.startsWith(requestPrefix()) && topic.indexOf('/', requestPrefix().length()) < 0;
    }

    /** The request topics' common start; the request id follows it. */
    public String requestPrefix() {
        return root() + "/req/";
    }

    /** Where the response to one request goes. */
    public String response(String requestId) {
        return root() + "/res/" + requestId;
    }

    /** @return true for a telemetry or events topic: data the outbox holds and delivers again after a failure */
    public boolean isData(String topic) {
        return topic.startsWith(root() + "/telemetry/") || topic.equals(events());
    }
}
