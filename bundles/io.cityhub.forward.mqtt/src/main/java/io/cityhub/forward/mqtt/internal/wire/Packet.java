package io.cityhub.forward.mqtt.internal.wire;

/**
 * The MQTT 3.1.1 control packets the uplink sends or receives, as values. Byte arrays are not copied: a packet owns
 * what it is given.
 */
public sealed interface Packet {

    /**
     * CONNECT (§3.1), protocol "MQTT" level 4.
     *
     * @param willTopic null for no will
     * @param willMessage null for no will
     * @param username null for none
     * @param password null for none (§3.1.2.9: only with a user name)
     */
    record Connect(String clientId, int keepAliveSeconds, boolean cleanSession, String willTopic, byte[] willMessage,
            int willQos, boolean willRetain, String username, byte[] password) implements Packet {
    }

    /** CONNACK (§3.2). */
    record Connack(boolean sessionPresent, int returnCode) implements Packet {
    }

    /**
     * PUBLISH (§3.3).
     *
     * @param packetId 0 at QoS 0 (no packet identifier on the wire)
     */
    record Publish(String topic, byte[] payload, int qos, boolean dup, boolean retain, int packetId)
            implements Packet {
    }

    /** PUBACK (§3.4). */
    record Puback(int packetId) implements Packet {
    }

    /** SUBSCRIBE with one topic filter (§3.8): all the uplink ever subscribes in one packet. */
    record Subscribe(int packetId, String filter, int qos) implements Packet {
    }

    /** SUBACK for one filter (§3.9): granted QoS 0–2, or 0x80 for failure. */
    record Suback(int packetId, int returnCode) implements Packet {
    }

    /** UNSUBSCRIBE with one topic filter (§3.10). */
    record Unsubscribe(int packetId, String filter) implements Packet {
    }

    /** UNSUBACK (§3.11). */
    record Unsuback(int packetId) implements Packet {
    }

    /** PINGREQ (§3.12). */
    record PingReq() implements Packet {
    }

    /** PINGRESP (§3.13). */
    record PingResp() implements Packet {
    }

    /** DISCONNECT (§3.14). */
    record Disconnect() implements Packet {
    }
}
