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

    /** What the gateway subscribes to: requests from the platform. */
    public String requestFilter() {
        return root() + "/req/#";
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
