package io.cityhub.forward.mqtt.internal;

/**
 * The topic layout (bundle README): everything under {@code <prefix>/<gateway>/}.
 *
 * @param prefix configured prefix, e.g. {@code cityhub}
 * @param gateway the gateway id, also the MQTT client id
 */
record Topics(String prefix, String gateway) {

    String root() {
        return prefix + "/" + gateway;
    }

    /** Telemetry of one sensor (TELEMETRY and DIAGNOSTIC readings). */
    String telemetry(String sensorId) {
        return root() + "/telemetry/" + topicLevel(sensorId);
    }

    /** A sensor id as one topic level: MQTT 3.1.1 §4.7 forbids wildcards in published topics; '/' would add levels. */
    static String topicLevel(String id) {
        return id.replace('/', '_').replace('+', '_').replace('#', '_');
    }

    /** SAFETY readings, gap records included. */
    String events() {
        return root() + "/events";
    }

    /** Retained online/offline state; the last will writes offline. */
    String status() {
        return root() + "/status";
    }

    /** Periodic health message. */
    String health() {
        return root() + "/health";
    }

    /** What the gateway subscribes to: requests from the platform. */
    String requestFilter() {
        return root() + "/req/#";
    }

    String requestPrefix() {
        return root() + "/req/";
    }

    String response(String requestId) {
        return root() + "/res/" + requestId;
    }
}
