package io.cityhub.tools.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cityhub.sensor.lora.gwmp.GwmpDatagram;
import io.cityhub.sensor.lora.internal.LoraDevice;
import io.cityhub.sensor.lora.internal.LoraDeviceOptions;
import io.cityhub.sensor.lora.internal.LoraGateway;
import io.cityhub.sensor.lora.lorawan.Bytes;
import io.cityhub.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every class of bad input over real UDP: each is dropped and counted by reason, and a good frame afterwards still
 * becomes a reading (nothing crashes or stalls).
 */
class LoraMalformedInputTest {

    static final Duration WAIT = LoraLoopbackTest.WAIT;
    static final long GW = LoraLoopbackTest.GW;

    @TempDir
    Path sessions;

    final RecordingSink sink = new RecordingSink();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z"));
    LoraGateway gateway;
    PacketForwarderSimulator forwarder;
    SimulatedLoraDevice device;

    @BeforeEach
    void start() throws Exception {
        gateway = new LoraGateway(LoraLoopbackTest.options(Set.of(GW)), sessions, sink, clock);
        gateway.addDevice(new LoraDevice(new LoraDeviceOptions(LoraLoopbackTest.ABP_EUI, false, null, new byte[0],
                LoraLoopbackTest.ABP_ADDR, LoraLoopbackTest.NWK, LoraLoopbackTest.APP, "", "abp", false)));
        forwarder = new PacketForwarderSimulator(GW, gateway.address());
        device = SimulatedLoraDevice.abp(LoraLoopbackTest.ABP_EUI, LoraLoopbackTest.ABP_ADDR, LoraLoopbackTest.NWK,
                LoraLoopbackTest.APP);
    }

    @AfterEach
    void stop() throws Exception {
        forwarder.close();
        gateway.deactivate();
    }

    @Test
    void everyMalformedInputClassIsDroppedAndCountedAndReceptionGoesOn() throws Exception {
        byte[] good = device.uplink(false, 1, new byte[] {1});
        byte[] badMic = good.clone();
        badMic[badMic.length - 1] ^= 1;
        byte[] unknownAddr = SimulatedLoraDevice.abp(1, 0x11223344, LoraLoopbackTest.NWK, LoraLoopbackTest.APP)
                .uplink(false, 1, new byte[] {1});

        forwarder.sendRaw(new byte[] {2, 0});
        forwarder.sendRaw(new byte[] {9, 0, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8});
        forwarder.sendRaw(new byte[] {2, 0, 1, 0x42});
        forwarder.pushJson("{\"rxpk\":[{\"tmst\":1", WAIT);
        forwarder.pushJson("{\"rxpk\":[{\"tmst\":1,\"freq\":868.1,\"stat\":1,\"data\":\"@@@\"}]}", WAIT);
        forwarder.push(Arrays.copyOf(good, 9), 1, WAIT);
        forwarder.push(badMic, 2, WAIT);
        forwarder.push(unknownAddr, 3, WAIT);
        forwarder.pushJson(PacketForwarderSimulator.rxpkJson(good, 4, -1, null), WAIT);
        try (PacketForwarderSimulator stranger = new PacketForwarderSimulator(0x0123456789abcdefL,
                gateway.address())) {
            // not in gateway.euis: not even acknowledged
            assertThat(stranger.push(good, 5, Duration.ofMillis(300))).isFalse();
        }
        forwarder.sendRaw(GwmpDatagram.fromGateway(7, GwmpDatagram.Type.PUSH_DATA, GW,
                "{\"rxpk\":[{\"tmst\":1,\"freq\":868.1,\"stat\":1,\"data\":\""
                        + Base64.getEncoder().encodeToString(Bytes.fromHex("e0")) + "\"}]}"));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(gateway.counter("dropped.datagram_truncated")).isEqualTo(1);
            assertThat(gateway.counter("dropped.datagram_unknown_version")).isEqualTo(1);
            assertThat(gateway.counter("dropped.datagram_unknown_type")).isEqualTo(1);
            assertThat(gateway.counter("dropped.datagram_bad_json")).isEqualTo(1);
            assertThat(gateway.counter("dropped.rxpk_bad_base64")).isEqualTo(1);
            assertThat(gateway.counter("dropped.malformed_truncated")).isEqualTo(1);
            assertThat(gateway.counter("dropped.bad_mic")).isEqualTo(1);
            assertThat(gateway.counter("dropped.unknown_dev_addr")).isEqualTo(1);
            assertThat(gateway.counter("dropped.crc_failed")).isEqualTo(1);
            assertThat(gateway.counter("dropped.gateway_not_allowed")).isEqualTo(1);
            assertThat(gateway.counter("dropped.unsupported_mtype")).isEqualTo(1);
        });
        assertThat(sink.readings).isEmpty();

        clock.advance(Duration.ofSeconds(5));
        assertThat(forwarder.push(good, 6, WAIT)).isTrue();
        await().atMost(WAIT).until(() -> sink.readings.size() == 1);
    }
}
