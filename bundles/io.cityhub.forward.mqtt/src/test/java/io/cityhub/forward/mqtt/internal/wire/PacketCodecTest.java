package io.cityhub.forward.mqtt.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PacketCodecTest {

    @Test
    void rejectsARemainingLengthWithAFifthContinuationByte() {
        byte[] bad = {0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01};
        assertThatThrownBy(() -> PacketCodec.frameLength(bad, 0, bad.length))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("fifth continuation byte");
    }

    @Test
    void aTruncatedPacketIsIncompleteNotMisread() throws Exception {
        byte[] whole = PacketCodec.encode(new Packet.Publish("a/b", bytes("hello"), 1, false, false, 7));
        // the header says how much is still missing; a reader waits for it (or reports EOF mid-packet)
        assertThat(PacketCodec.frameLength(whole, 0, 1)).isEqualTo(-1);
        assertThat(PacketCodec.frameLength(whole, 0, whole.length - 3)).isEqualTo(whole.length);
    }

    @Test
    void aBodyShorterThanItsFieldsIsAClearError() {
        // PUBLISH QoS 1 whose remaining length (4) ends inside its topic (length 10)
        byte[] bad = {0x32, 4, 0, 10, 'a', 'b'};
        assertThatThrownBy(() -> PacketCodec.decode(bad, 0, bad.length))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("before its field does");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0xF0})
    void rejectsReservedPacketTypes(int first) {
        byte[] bad = {(byte) first, 0};
        assertThatThrownBy(() -> PacketCodec.decode(bad, 0, bad.length))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("reserved");
    }

    @Test
    void rejectsWrongFixedHeaderFlagsAndQos3() {
        byte[] pubackWithFlags = {0x41, 2, 0, 1};
        assertThatThrownBy(() -> PacketCodec.decode(pubackWithFlags, 0, 4)).hasMessageContaining("flags");
        byte[] qos3 = {0x36, 5, 0, 1, 'a', 0, 1};
        assertThatThrownBy(() -> PacketCodec.decode(qos3, 0, qos3.length)).hasMessageContaining("QoS 3");
    }

    @Test
    void rejectsBytesBeyondThePacketsFields() {
        byte[] pingWithBody = {(byte) 0xD0, 1, 0};
        assertThatThrownBy(() -> PacketCodec.decode(pingWithBody, 0, 3)).hasMessageContaining("bytes more");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, PacketCodec.MAX_REMAINING_LENGTH})
    void remainingLengthRoundTripsAtItsBoundaries(int value) throws Exception {
        byte[] header = new byte[5];
        int after = PacketCodec.writeRemainingLength(header, 1, value);
        int expectedSize = value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
        assertThat(after - 1).isEqualTo(expectedSize);
        assertThat(PacketCodec.frameLength(header, 0, after)).isEqualTo(1 + expectedSize + value);
    }

    @Test
    void remainingLengthBeyondTheLimitIsRefused() {
        assertThatThrownBy(() -> PacketCodec.remainingLengthSize(PacketCodec.MAX_REMAINING_LENGTH + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPublishOfTwoMegabytesRoundTrips() throws Exception {
        byte[] payload = new byte[2_097_152];
        Arrays.fill(payload, (byte) 7);
        roundTrips(new Packet.Publish("big", payload, 1, false, false, 65_535));
    }

    static Stream<Packet> everyPacket() {
        return Stream.of(
                new Packet.Connect("gw-1", 60, false, "cityhub/gw-1/status", bytes("{\"state\":\"offline\"}"), 1, true,
                        "user", bytes("secret")),
                new Packet.Connect("gw-2", 0, true, null, null, 0, false, null, null),
                new Packet.Connack(true, 0),
                new Packet.Connack(false, 5),
                new Packet.Publish("cityhub/gw-1/telemetry/s1", bytes("{}"), 1, true, true, 1),
                new Packet.Publish("spat/x", bytes("t"), 0, false, false, 0),
                new Packet.Publish("empty", new byte[0], 1, false, false, 300),
                new Packet.Puback(65_535),
                new Packet.Subscribe(2, "cityhub/gw-1/req/+", 1),
                new Packet.Suback(2, 0x80),
                new Packet.Unsubscribe(3, "cityhub/gw-1/req/#"),
                new Packet.Unsuback(3),
                new Packet.PingReq(),
                new Packet.PingResp(),
                new Packet.Disconnect());
    }

    @ParameterizedTest
    @MethodSource("everyPacket")
    void everyPacketTypeRoundTrips(Packet packet) throws Exception {
        roundTrips(packet);
    }

    private static void roundTrips(Packet packet) throws Exception {
        byte[] wire = PacketCodec.encode(packet);
        // within a larger buffer at an offset, as the reader sees it
        byte[] buf = new byte[wire.length + 10];
        System.arraycopy(wire, 0, buf, 3, wire.length);
        assertThat(PacketCodec.frameLength(buf, 3, 3 + wire.length)).isEqualTo(wire.length);
        Packet back = PacketCodec.decode(buf, 3, wire.length);
        if (packet instanceof Packet.Publish p) { // field by field: a recursive comparison of 2 MiB is slow
            Packet.Publish q = (Packet.Publish) back;
            assertThat(List.of(q.topic(), q.qos(), q.dup(), q.retain(), q.packetId()))
                    .isEqualTo(List.of(p.topic(), p.qos(), p.dup(), p.retain(), p.packetId()));
            assertThat(Arrays.equals(q.payload(), p.payload())).as("payload").isTrue();
        } else {
            assertThat(back).usingRecursiveComparison().isEqualTo(packet);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
