package io.cityhub.sensor.lora.gwmp;

import static io.cityhub.sensor.lora.gwmp.GwmpException.Reason.TRUNCATED;
import static io.cityhub.sensor.lora.gwmp.GwmpException.Reason.UNKNOWN_TYPE;
import static io.cityhub.sensor.lora.gwmp.GwmpException.Reason.UNKNOWN_VERSION;

import java.nio.charset.StandardCharsets;

/**
 * One Semtech UDP packet-forwarder datagram (sx1302_hal packet_forwarder/PROTOCOL.md, protocol version 2):
 * {@code version(1) | token(2) | identifier(1) | [gateway EUI(8), MSB first] | [JSON]}.
 *
 * @param version 1 or 2 (ChirpStack's bridge also accepts 1; the layouts are the same)
 * @param token the two token bytes as a number {@code (b1 << 8) | b2}: opaque, echoed unchanged
 * @param type the identifier
 * @param gatewayEui the gateway EUI, or 0 for datagrams without one
 * @param json the JSON text, or null when absent
 */
public record GwmpDatagram(int version, int token, Type type, long gatewayEui, String json) {

    /** The datagram identifiers (PROTOCOL.md §3–§6). */
    public enum Type {
        /** 0x00, gateway to server: rxpk and stat. */
        PUSH_DATA,
        /** 0x01, server to gateway. */
        PUSH_ACK,
        /** 0x02, gateway to server: keep-alive that opens the downlink path. */
        PULL_DATA,
        /** 0x03, server to gateway: txpk. */
        PULL_RESP,
        /** 0x04, server to gateway. */
        PULL_ACK,
        /** 0x05, gateway to server: txpk_ack. */
        TX_ACK
    }

    /** The version the server sends. */
    public static final int VERSION = 2;

    /**
     * @param data the datagram, not null
     * @param length bytes of it to read
     * @return the parsed datagram
     * @throws GwmpException naming what is wrong
     */
    public static GwmpDatagram parse(byte[] data, int length) throws GwmpException {
        if (length < 4) {
            throw new GwmpException(TRUNCATED, "datagram of " + length + " bytes; the header has 4");
        }
        int version = data[0] & 0xff;
        if (version != 1 && version != 2) {
            throw new GwmpException(UNKNOWN_VERSION, "protocol version " + version + "; expected 1 or 2");
        }
        int token = ((data[1] & 0xff) << 8) | (data[2] & 0xff);
        int id = data[3] & 0xff;
        if (id >= Type.values().length) {
            throw new GwmpException(UNKNOWN_TYPE, "identifier 0x" + Integer.toHexString(id));
        }
        Type type = Type.values()[id];
        switch (type) {
            case PUSH_DATA, PULL_DATA, TX_ACK -> {
                if (length < 12) {
                    throw new GwmpException(TRUNCATED, type + " of " + length + " bytes; header and EUI take 12");
                }
                long eui = 0;
                for (int i = 4; i < 12; i++) {
                    eui = (eui << 8) | (data[i] & 0xff);
                }
                String json = null;
                int jsonEnd = length;
                // Kerlink iBTS ends a TX_ACK without JSON with one 0x00 byte (ChirpStack gateway-bridge tx_ack_test)
                while (jsonEnd > 12 && data[jsonEnd - 1] == 0) {
                    jsonEnd--;
                }
                if (jsonEnd > 12) {
                    json = new String(data, 12, jsonEnd - 12, StandardCharsets.UTF_8);
                }
                return new GwmpDatagram(version, token, type, eui, json);
            }
            case PULL_RESP -> {
                return new GwmpDatagram(version, token, type, 0,
                        length > 4 ? new String(data, 4, length - 4, StandardCharsets.UTF_8) : null);
            }
            default -> {
                return new GwmpDatagram(version, token, type, 0, null);
            }
        }
    }

    /**
     * @param token the token of the datagram acknowledged
     * @param type PUSH_ACK or PULL_ACK
     * @return the 4-byte acknowledgement
     */
    public static byte[] ack(int version, int token, Type type) {
        return new byte[] {(byte) version, (byte) (token >>> 8), (byte) token, (byte) type.ordinal()};
    }

    /**
     * @param token a fresh token; the gateway echoes it in its TX_ACK
     * @param json {@code {"txpk":{…}}}
     * @return the PULL_RESP datagram
     */
    public static byte[] pullResp(int token, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[4 + body.length];
        out[0] = VERSION;
        out[1] = (byte) (token >>> 8);
        out[2] = (byte) token;
        out[3] = (byte) Type.PULL_RESP.ordinal();
        System.arraycopy(body, 0, out, 4, body.length);
        return out;
    }

    /**
     * Encodes a gateway-to-server datagram, as a packet forwarder (and the simulator) sends it.
     *
     * @param type PUSH_DATA, PULL_DATA or TX_ACK
     * @param json the JSON, or null
     * @return the datagram
     */
    public static byte[] fromGateway(int token, Type type, long gatewayEui, String json) {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[12 + body.length];
        out[0] = VERSION;
        out[1] = (byte) (token >>> 8);
        out[2] = (byte) token;
        out[3] = (byte) type.ordinal();
        for (int i = 0; i < 8; i++) {
            out[4 + i] = (byte) (gatewayEui >>> (56 - 8 * i));
        }
        System.arraycopy(body, 0, out, 12, body.length);
        return out;
    }
}
