package io.cityhub.forward.mqtt.internal.wire;

import java.nio.charset.StandardCharsets;

/**
 * Encodes and decodes MQTT 3.1.1 control packets (OASIS MQTT 3.1.1 §2 and §3), written from the specification.
 * Decoding works on a byte array holding a whole packet, found first with {@link #frameLength}, so a reader never
 * blocks in the middle of a packet and never loses its place.
 */
public final class PacketCodec {

    /** Largest remaining length four bytes can express (§2.2.3). */
    public static final int MAX_REMAINING_LENGTH = 268_435_455;
    /** Longest UTF-8 encoded string (§1.5.3): a two-byte length prefix. */
    public static final int MAX_STRING_BYTES = 65_535;

    static final int CONNECT = 1;
    static final int CONNACK = 2;
    static final int PUBLISH = 3;
    static final int PUBACK = 4;
    static final int SUBSCRIBE = 8;
    static final int SUBACK = 9;
    static final int UNSUBSCRIBE = 10;
    static final int UNSUBACK = 11;
    static final int PINGREQ = 12;
    static final int PINGRESP = 13;
    static final int DISCONNECT = 14;

    private static final byte[] PROTOCOL_NAME = {0, 4, 'M', 'Q', 'T', 'T'};
    private static final int PROTOCOL_LEVEL = 4;

    private PacketCodec() {
    }

    /**
     * The PUBLISH packet up to its payload: fixed header, topic and packet id. The payload follows it on the wire
     * unchanged, so it is never copied.
     *
     * @param topic the topic's UTF-8 bytes, checked by the caller
     */
    public static byte[] publishHead(byte[] topic, int payloadBytes, int qos, boolean dup, boolean retain,
            int packetId) {
        int variable = 2 + topic.length + (qos > 0 ? 2 : 0);
        int remaining = variable + payloadBytes;
        byte[] head = new byte[1 + remainingLengthSize(remaining) + variable];
        head[0] = (byte) (PUBLISH << 4 | (dup ? 0x08 : 0) | qos << 1 | (retain ? 0x01 : 0));
        int i = writeRemainingLength(head, 1, remaining);
        i = putBytes(head, i, topic);
        if (qos > 0) {
            head[i++] = (byte) (packetId >> 8);
            head[i] = (byte) packetId;
        }
        return head;
    }

    /** @return the whole packet on the wire */
    public static byte[] encode(Packet packet) {
        if (packet instanceof Packet.Publish p) {
            byte[] topic = p.topic().getBytes(StandardCharsets.UTF_8);
            byte[] head = publishHead(topic, p.payload().length, p.qos(), p.dup(), p.retain(), p.packetId());
            byte[] all = new byte[head.length + p.payload().length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(p.payload(), 0, all, head.length, p.payload().length);
            return all;
        }
        if (packet instanceof Packet.Connect c) {
            return connect(c);
        }
        if (packet instanceof Packet.Connack c) {
            return new byte[] {CONNACK << 4, 2, (byte) (c.sessionPresent() ? 1 : 0), (byte) c.returnCode()};
        }
        if (packet instanceof Packet.Puback p) {
            return withId(PUBACK << 4, p.packetId());
        }
        if (packet instanceof Packet.Unsuback u) {
            return withId(UNSUBACK << 4, u.packetId());
        }
        if (packet instanceof Packet.Suback s) {
            return new byte[] {(byte) (SUBACK << 4), 3, (byte) (s.packetId() >> 8), (byte) s.packetId(),
                (byte) s.returnCode()};
        }
        if (packet instanceof Packet.Subscribe s) {
            byte[] filter = utf8(s.filter());
            return assemble(SUBSCRIBE << 4 | 0x02, s.packetId(), filter, new byte[] {(byte) s.qos()});
        }
        if (packet instanceof Packet.Unsubscribe u) {
            return assemble(UNSUBSCRIBE << 4 | 0x02, u.packetId(), utf8(u.filter()), new byte[0]);
        }
        if (packet instanceof Packet.PingReq) {
            return new byte[] {(byte) (PINGREQ << 4), 0};
        }
        if (packet instanceof Packet.PingResp) {
            return new byte[] {(byte) (PINGRESP << 4), 0};
        }
        return new byte[] {(byte) (DISCONNECT << 4), 0};
    }

    private static byte[] connect(Packet.Connect c) {
        boolean will = c.willTopic() != null;
        byte[] clientId = utf8(c.clientId());
        byte[] willTopic = will ? utf8(c.willTopic()) : new byte[0];
        byte[] username = c.username() == null ? new byte[0] : utf8(c.username());
        if (c.password() != null && c.password().length > MAX_STRING_BYTES) {
            throw new IllegalArgumentException("MQTT password longer than " + MAX_STRING_BYTES + " bytes");
        }
        if (will && c.willMessage().length > MAX_STRING_BYTES) {
            throw new IllegalArgumentException("MQTT will message longer than " + MAX_STRING_BYTES + " bytes");
        }
        int remaining = PROTOCOL_NAME.length + 4 + 2 + clientId.length
                + (will ? 2 + willTopic.length + 2 + c.willMessage().length : 0)
                + (c.username() == null ? 0 : 2 + username.length)
                + (c.password() == null ? 0 : 2 + c.password().length);
        byte[] out = new byte[1 + remainingLengthSize(remaining) + remaining];
        out[0] = CONNECT << 4;
        int i = writeRemainingLength(out, 1, remaining);
        System.arraycopy(PROTOCOL_NAME, 0, out, i, PROTOCOL_NAME.length);
        i += PROTOCOL_NAME.length;
        out[i++] = PROTOCOL_LEVEL;
        int flags = (c.cleanSession() ? 0x02 : 0)
                | (will ? 0x04 | c.willQos() << 3 | (c.willRetain() ? 0x20 : 0) : 0)
                | (c.password() != null ? 0x40 : 0)
                | (c.username() != null ? 0x80 : 0);
        out[i++] = (byte) flags;
        out[i++] = (byte) (c.keepAliveSeconds() >> 8);
        out[i++] = (byte) c.keepAliveSeconds();
        i = putBytes(out, i, clientId);
        if (will) {
            i = putBytes(out, i, willTopic);
            i = putBytes(out, i, c.willMessage());
        }
        if (c.username() != null) {
            i = putBytes(out, i, username);
        }
        if (c.password() != null) {
            putBytes(out, i, c.password());
        }
        return out;
    }

    /**
     * Finds the extent of the packet that starts at {@code off}.
     *
     * @return the whole packet's length in bytes (which may reach beyond {@code end}: then more must be read), or -1
     *     while its fixed header is incomplete
     * @throws MalformedPacketException if the remaining length runs over four bytes (§2.2.3)
     */
    public static int frameLength(byte[] buf, int off, int end) throws MalformedPacketException {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int at = off + 1 + i;
            if (at >= end) {
                return -1;
            }
            int b = buf[at] & 0xFF;
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return 1 + (i + 1) + value;
            }
        }
        throw new MalformedPacketException("remaining length has a fifth continuation byte (§2.2.3)");
    }

    /**
     * Decodes one whole packet.
     *
     * @param len the length {@link #frameLength} gave
     * @throws MalformedPacketException for an unknown or reserved type, wrong flags, or a body that does not match
     *     its type
     */
    public static Packet decode(byte[] buf, int off, int len) throws MalformedPacketException {
        int first = buf[off] & 0xFF;
        int type = first >>> 4;
        int flags = first & 0x0F;
        Reader r = new Reader(buf, off + 1, off + len);
        while ((buf[r.pos++] & 0x80) != 0) {
            continue; // the remaining-length bytes, validated by frameLength
        }
        Packet p = switch (type) {
            case CONNECT -> decodeConnect(r);
            case CONNACK -> {
                expectFlags(type, flags, 0);
                int ack = r.u8();
                if ((ack & 0xFE) != 0) {
                    throw new MalformedPacketException("CONNACK acknowledge flags 0x" + Integer.toHexString(ack)
                            + " have reserved bits set (§3.2.2.1)");
                }
                yield new Packet.Connack(ack == 1, r.u8());
            }
            case PUBLISH -> decodePublish(r, flags);
            case PUBACK -> {
                expectFlags(type, flags, 0);
                yield new Packet.Puback(r.u16());
            }
            case SUBSCRIBE -> {
                expectFlags(type, flags, 2);
                yield new Packet.Subscribe(r.u16(), r.string(), r.u8());
            }
            case SUBACK -> {
                expectFlags(type, flags, 0);
                yield new Packet.Suback(r.u16(), r.u8());
            }
            case UNSUBSCRIBE -> {
                expectFlags(type, flags, 2);
                yield new Packet.Unsubscribe(r.u16(), r.string());
            }
            case UNSUBACK -> {
                expectFlags(type, flags, 0);
                yield new Packet.Unsuback(r.u16());
            }
            case PINGREQ -> {
                expectFlags(type, flags, 0);
                yield new Packet.PingReq();
            }
            case PINGRESP -> {
                expectFlags(type, flags, 0);
                yield new Packet.PingResp();
            }
            case DISCONNECT -> {
                expectFlags(type, flags, 0);
                yield new Packet.Disconnect();
            }
            default -> throw new MalformedPacketException("packet type " + type + " (first byte 0x"
                    + Integer.toHexString(first) + ") is " + (type == 0 || type == 15 ? "reserved" : "not supported")
                    + " (§2.2.1)");
        };
        if (r.pos != r.end) {
            throw new MalformedPacketException("packet type " + type + " has " + (r.end - r.pos)
                    + " bytes more than its fields");
        }
        return p;
    }

    private static Packet.Publish decodePublish(Reader r, int flags) throws MalformedPacketException {
        int qos = (flags >> 1) & 0x03;
        if (qos == 3) {
            throw new MalformedPacketException("PUBLISH with QoS 3 (§3.3.1.2)");
        }
        String topic = r.string();
        int id = qos > 0 ? r.u16() : 0;
        if (qos > 0 && id == 0) {
            throw new MalformedPacketException("PUBLISH at QoS " + qos + " with packet id 0 (§2.3.1)");
        }
        return new Packet.Publish(topic, r.rest(), qos, (flags & 0x08) != 0, (flags & 0x01) != 0, id);
    }

    private static Packet.Connect decodeConnect(Reader r) throws MalformedPacketException {
        byte[] name = r.bytes();
        if (name.length != 4 || name[0] != 'M' || name[1] != 'Q' || name[2] != 'T' || name[3] != 'T') {
            throw new MalformedPacketException("CONNECT protocol name is not MQTT (§3.1.2.1)");
        }
        int level = r.u8();
        if (level != PROTOCOL_LEVEL) {
            throw new MalformedPacketException("CONNECT protocol level " + level + " (§3.1.2.2)");
        }
        int flags = r.u8();
        int keepAlive = r.u16();
        String clientId = r.string();
        boolean will = (flags & 0x04) != 0;
        String willTopic = will ? r.string() : null;
        byte[] willMessage = will ? r.bytes() : null;
        String username = (flags & 0x80) != 0 ? r.string() : null;
        byte[] password = (flags & 0x40) != 0 ? r.bytes() : null;
        return new Packet.Connect(clientId, keepAlive, (flags & 0x02) != 0, willTopic, willMessage,
                will ? (flags >> 3) & 0x03 : 0, will && (flags & 0x20) != 0, username, password);
    }

    private static void expectFlags(int type, int flags, int expected) throws MalformedPacketException {
        if (flags != expected) {
            throw new MalformedPacketException("packet type " + type + " with flags 0x" + Integer.toHexString(flags)
                    + " instead of 0x" + Integer.toHexString(expected) + " (§2.2.2)");
        }
    }

    /** @return how many bytes the remaining length {@code value} takes (1–4) */
    public static int remainingLengthSize(int value) {
        if (value < 0 || value > MAX_REMAINING_LENGTH) {
            throw new IllegalArgumentException("remaining length " + value + " outside 0.." + MAX_REMAINING_LENGTH);
        }
        return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
    }

    /** Writes the remaining length (§2.2.3); @return the index after it */
    public static int writeRemainingLength(byte[] out, int off, int value) {
        int size = remainingLengthSize(value);
        int v = value;
        for (int i = 0; i < size; i++) {
            int b = v & 0x7F;
            v >>>= 7;
            out[off + i] = (byte) (i < size - 1 ? b | 0x80 : b);
        }
        return off + size;
    }

    private static byte[] withId(int first, int packetId) {
        return new byte[] {(byte) first, 2, (byte) (packetId >> 8), (byte) packetId};
    }

    private static byte[] assemble(int first, int packetId, byte[] string, byte[] tail) {
        int remaining = 2 + 2 + string.length + tail.length;
        byte[] out = new byte[1 + remainingLengthSize(remaining) + remaining];
        out[0] = (byte) first;
        int i = writeRemainingLength(out, 1, remaining);
        out[i++] = (byte) (packetId >> 8);
        out[i++] = (byte) packetId;
        i = putBytes(out, i, string);
        System.arraycopy(tail, 0, out, i, tail.length);
        return out;
    }

    private static byte[] utf8(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_STRING_BYTES) {
            throw new IllegalArgumentException("MQTT string of " + bytes.length + " bytes is longer than "
                    + MAX_STRING_BYTES);
        }
        return bytes;
    }

    private static int putBytes(byte[] out, int i, byte[] value) {
        out[i] = (byte) (value.length >> 8);
        out[i + 1] = (byte) value.length;
        System.arraycopy(value, 0, out, i + 2, value.length);
        return i + 2 + value.length;
    }

    /** Reads the fields of one packet body, failing clearly when the body ends before a field does. */
    private static final class Reader {
        private final byte[] buf;
        private final int end;
        private int pos;

        Reader(byte[] buf, int pos, int end) {
            this.buf = buf;
            this.pos = pos;
            this.end = end;
        }

        int u8() throws MalformedPacketException {
            need(1);
            return buf[pos++] & 0xFF;
        }

        int u16() throws MalformedPacketException {
            need(2);
            int v = (buf[pos] & 0xFF) << 8 | buf[pos + 1] & 0xFF;
            pos += 2;
            return v;
        }

        byte[] bytes() throws MalformedPacketException {
            int len = u16();
            need(len);
            byte[] out = new byte[len];
            System.arraycopy(buf, pos, out, 0, len);
            pos += len;
            return out;
        }

        String string() throws MalformedPacketException {
            int len = u16();
            need(len);
            String s = new String(buf, pos, len, StandardCharsets.UTF_8);
            pos += len;
            return s;
        }

        byte[] rest() {
            byte[] out = new byte[end - pos];
            System.arraycopy(buf, pos, out, 0, out.length);
            pos = end;
            return out;
        }

        private void need(int n) throws MalformedPacketException {
            if (end - pos < n) {
                throw new MalformedPacketException("packet ends " + (n - (end - pos))
                        + " bytes before its field does");
            }
        }
    }
}
