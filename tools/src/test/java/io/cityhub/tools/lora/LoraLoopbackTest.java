package io.cityhub.tools.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.sensor.lora.internal.LoraDevice;
import io.cityhub.sensor.lora.internal.LoraDeviceOptions;
import io.cityhub.sensor.lora.internal.LoraGateway;
import io.cityhub.sensor.lora.internal.LoraGatewayOptions;
import io.cityhub.sensor.lora.lorawan.Bytes;
import io.cityhub.sensor.lora.lorawan.DataFrame;
import io.cityhub.sensor.lora.lorawan.MacCommand;
import io.cityhub.testing.MutableClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's GWMP server and the packet-forwarder simulator over real UDP sockets on loopback. */
class LoraLoopbackTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    static final long GW = 0xaa555a0000000000L;
    static final long ABP_EUI = 0x0102030405060708L;
    static final int ABP_ADDR = 0x26011bda;
    static final byte[] NWK = Bytes.fromHex("44024241ed4ce9a68c6a8bc055233fd3");
    static final byte[] APP = Bytes.fromHex("ec925802ae430ca77fd3dd73cb2cc588");
    static final long OTAA_EUI = 0x3331383274356905L;
    static final long JOIN_EUI = 0xaa13693363343639L;
    static final byte[] APP_KEY = Bytes.fromHex("98929b92c49edba9676d646d3b612456");

    @TempDir
    Path sessions;

    final RecordingSink sink = new RecordingSink();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z"));
    LoraGateway gateway;
    PacketForwarderSimulator forwarder;

    @BeforeEach
    void start() throws Exception {
        gateway = new LoraGateway(options(Set.of()), sessions, sink, clock);
        gateway.addDevice(new LoraDevice(new LoraDeviceOptions(ABP_EUI, false, null, new byte[0], ABP_ADDR, NWK, APP,
                "", "abp-sensor", false)));
        gateway.addDevice(new LoraDevice(new LoraDeviceOptions(OTAA_EUI, true, JOIN_EUI, APP_KEY, 0, new byte[0],
                new byte[0], "", "otaa-sensor", false)));
        forwarder = new PacketForwarderSimulator(GW, gateway.address());
        assertThat(forwarder.pullData(WAIT)).isTrue();
    }

    static LoraGatewayOptions options(Set<Long> allowed) throws Exception {
        return new LoraGatewayOptions(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), allowed, 0x000013,
                869_525_000, 0, 14, Duration.ofMillis(500), Duration.ofMillis(300), "unused");
    }

    @AfterEach
    void stop() throws Exception {
        forwarder.close();
        gateway.deactivate();
    }

    @Test
    void abpUplinksBecomeReadingsWithIdsFromTheFrame() throws Exception {
        SimulatedLoraDevice device = SimulatedLoraDevice.abp(ABP_EUI, ABP_ADDR, NWK, APP);

        for (int i = 0; i < 3; i++) {
            assertThat(forwarder.push(device.uplink(false, 2, new byte[] {(byte) i, 0x42}), 1000 + i, WAIT)).isTrue();
            clock.advance(Duration.ofSeconds(10));
        }

        await().atMost(WAIT).until(() -> sink.readings.size() == 3);
        Reading first = sink.readings.get(0);
        assertThat(first.sensorId()).isEqualTo("abp-sensor");
        assertThat(first.channel()).isEqualTo("payload");
        assertThat(first.value()).isEqualTo(ReadingValue.of("0042"));
        assertThat(first.clockQuality()).isEqualTo(ClockQuality.UNSYNCHRONISED);
        assertThat(first.timestamp()).isEqualTo(Instant.parse("2026-11-30T12:00:00Z"));
        assertThat(first.source().transport()).isEqualTo("lora");
        assertThat(first.source().rssiDbm()).isEqualTo(-35.0);
        assertThat(first.source().snrDb()).isEqualTo(9.5);
        assertThat(first.source().attributes()).containsEntry("gateway", "aa555a0000000000")
                .containsEntry("frequency", "868.1").containsEntry("dataRate", "SF7BW125").containsEntry("fCnt", "0");
        assertThat(sink.readings).extracting(Reading::id).doesNotHaveDuplicates();
        assertThat(gateway.counter("uplinks.accepted")).isEqualTo(3);
        // unconfirmed uplinks get no downlink
        assertThat(forwarder.pollDownlink()).isNull();
    }

    @Test
    void gpsTimeOfTheConcentratorStampsReadingsSynchronised() throws Exception {
        SimulatedLoraDevice device = SimulatedLoraDevice.abp(ABP_EUI, ABP_ADDR, NWK, APP);

        forwarder.pushJson(PacketForwarderSimulator.rxpkJson(device.uplink(false, 1, new byte[] {1}), 5, 1,
                "2026-11-30T11:59:58.528002Z"), WAIT);

        await().atMost(WAIT).until(() -> sink.readings.size() == 1);
        assertThat(sink.readings.get(0).timestamp()).isEqualTo(Instant.parse("2026-11-30T11:59:58.528002Z"));
        assertThat(sink.readings.get(0).clockQuality()).isEqualTo(ClockQuality.SYNCHRONISED);
    }

    @Test
    void otaaJoinEndToEndThenUplinkWithTheDerivedKeys() throws Exception {
        SimulatedLoraDevice device = SimulatedLoraDevice.otaa(OTAA_EUI, JOIN_EUI, APP_KEY, 0);

        assertThat(forwarder.push(device.joinRequest(), 4_000_000_000L, WAIT)).isTrue();
        PacketForwarderSimulator.Downlink accept = forwarder.awaitDownlink(WAIT);

        assertThat(accept).isNotNull();
        // RX1 of a join: tmst + JOIN_ACCEPT_DELAY1 (5 s), wrapping at 2^32; same channel and data rate
        assertThat(accept.tmst()).isEqualTo((4_000_000_000L + 5_000_000L) & 0xffffffffL);
        assertThat(accept.freqMhz()).isEqualTo(868.1);
        assertThat(accept.datr()).isEqualTo("SF7BW125");
        assertThat(device.acceptJoin(accept.phy())).isTrue();
        assertThat(device.devAddr() >>> 25).isEqualTo(0x13);

        clock.advance(Duration.ofSeconds(10));
        forwarder.push(device.uplink(false, 1, Bytes.fromHex("cafe")), 7, WAIT);

        await().atMost(WAIT).until(() -> sink.readings.size() == 1);
        assertThat(sink.readings.get(0).sensorId()).isEqualTo("otaa-sensor");
        assertThat(sink.readings.get(0).value()).isEqualTo(ReadingValue.of("cafe"));
        assertThat(gateway.counter("joins.accepted")).isEqualTo(1);

        // the same join request again (same DevNonce) is refused
        clock.advance(Duration.ofSeconds(10));
        SimulatedLoraDevice replayer = SimulatedLoraDevice.otaa(OTAA_EUI, JOIN_EUI, APP_KEY, 0);
        forwarder.push(replayer.joinRequest(), 9, WAIT);
        await().atMost(WAIT).until(() -> gateway.counter("dropped.dev_nonce_reused") == 1);
        assertThat(forwarder.pollDownlink()).isNull();
    }

    @Test
    void confirmedUplinkIsAckedInRx1OnlyOnceItsReadingsAreDurable() throws Exception {
        SimulatedLoraDevice device = SimulatedLoraDevice.abp(ABP_EUI, ABP_ADDR, NWK, APP);
        sink.hold();

        forwarder.push(device.uplink(true, 1, new byte[] {7}), 2_000_000, WAIT);
        await().atMost(WAIT).until(() -> sink.readings.size() == 1);

        // readings handed over, not yet durable: no ACK
        assertThat(forwarder.pollDownlink()).isNull();
        sink.release();
        PacketForwarderSimulator.Downlink ack = forwarder.awaitDownlink(WAIT);

        assertThat(ack).isNotNull();
        assertThat(ack.tmst()).isEqualTo(2_000_000 + 1_000_000);
        assertThat(ack.freqMhz()).isEqualTo(868.1);
        DataFrame frame = device.readDownlink(ack.phy());
        assertThat(frame).isNotNull();
        assertThat(frame.ack()).isTrue();
        assertThat(gateway.counter("acks.sent")).isEqualTo(1);
    }

    @Test
    void ackReadyAfterRx1GoesToRx2AndAfterRx2IsDropped() throws Exception {
        SimulatedLoraDevice device = SimulatedLoraDevice.abp(ABP_EUI, ABP_ADDR, NWK, APP);
        sink.hold();
        forwarder.push(device.uplink(true, 1, new byte[] {1}), 10_000_000, WAIT);
        await().atMost(WAIT).until(() -> sink.readings.size() == 1);

        clock.advance(Duration.ofMillis(900));
        sink.release();
        PacketForwarderSimulator.Downlink rx2 = forwarder.awaitDownlink(WAIT);

        assertThat(rx2.tmst()).isEqualTo(10_000_000 + 2_000_000);
        assertThat(rx2.freqMhz()).isEqualTo(869.525);
        assertThat(rx2.datr()).isEqualTo("SF12BW125");
        assertThat(device.readDownlink(rx2.phy()).ack()).isTrue();

        clock.advance(Duration.ofSeconds(10));
        sink.hold();
        forwarder.push(device.uplink(true, 1, new byte[] {2}), 20_000_000, WAIT);
        await().atMost(WAIT).until(() -> sink.readings.size() == 2);
        clock.advance(Duration.ofMillis(1_800));
        sink.release();
        await().atMost(WAIT).until(() -> gateway.counter("dropped.too_late") == 1);
        assertThat(forwarder.pollDownlink()).isNull();
    }

    @Test
    void linkCheckReqIsAnsweredWithMarginAndGatewayCount() throws Exception {
        SimulatedLoraDevice device = SimulatedLoraDevice.abp(ABP_EUI, ABP_ADDR, NWK, APP);

        forwarder.push(device.frame(false, new byte[] {MacCommand.LINK_CHECK}, 1, new byte[] {1}, 0), 100, WAIT);
        PacketForwarderSimulator.Downlink answer = forwarder.awaitDownlink(WAIT);

        DataFrame frame = device.readDownlink(answer.phy());
        // SNR 9.5 dB at SF7 (floor -7.5 dB): margin 17
        assertThat(MacCommand.parseAll(frame.fOpts(), false)).containsExactly(
                new MacCommand(0x02, "LinkCheckAns", new byte[] {17, 1}));
        assertThat(gateway.counter("mac.LinkCheckReq")).isEqualTo(1);
    }

    @Test
    void replayedFrameIsRejectedAndRetransmissionYieldsTheSameReadingId() throws Exception {
        SimulatedLoraDevice device = SimulatedLoraDevice.abp(ABP_EUI, ABP_ADDR, NWK, APP);
        byte[] three = device.frame(false, new byte[0], 1, new byte[] {3}, 3);
        byte[] five = device.frame(false, new byte[0], 1, new byte[] {5}, 5);

        forwarder.push(five, 1, WAIT);
        clock.advance(Duration.ofSeconds(5));
        forwarder.push(three, 2, WAIT);
        clock.advance(Duration.ofSeconds(5));
        forwarder.push(five, 3, WAIT);

        await().atMost(WAIT).until(() -> gateway.counter("uplinks.retransmitted") == 1);
        assertThat(gateway.counter("dropped.replay")).isEqualTo(1);
        assertThat(sink.readings).hasSize(2);
        assertThat(sink.readings.get(1).id()).isEqualTo(sink.readings.get(0).id());
    }

    @Test
    void sameFrameFromTwoConcentratorsWithinTheWindowIsTakenOnce() throws Exception {
        SimulatedLoraDevice device = SimulatedLoraDevice.abp(ABP_EUI, ABP_ADDR, NWK, APP);
        byte[] frame = device.uplink(false, 1, new byte[] {9});
        try (PacketForwarderSimulator second = new PacketForwarderSimulator(0xaa555a0000000001L, gateway.address())) {
            forwarder.push(frame, 1, WAIT);
            second.push(frame, 1, WAIT);
        }

        await().atMost(WAIT).until(() -> gateway.counter("dropped.duplicate") == 1);
        assertThat(sink.readings).hasSize(1);
    }
}
