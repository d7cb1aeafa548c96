package io.cityhub.tools.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cityhub.api.Reading;
import io.cityhub.api.ReadingIds;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.buffer.Batch;
import io.cityhub.api.profile.DeviceProfile;
import io.cityhub.api.profile.DeviceProfileRegistry;
import io.cityhub.api.profile.PayloadCodec;
import io.cityhub.ingest.internal.IngestOptions;
import io.cityhub.ingest.internal.IngestPipeline;
import io.cityhub.profiles.internal.ProfileCatalog;
import io.cityhub.profiles.internal.ProfileExample;
import io.cityhub.profiles.internal.ProfileReader;
import io.cityhub.sensor.lora.internal.LoraDevice;
import io.cityhub.sensor.lora.internal.LoraDeviceOptions;
import io.cityhub.sensor.lora.internal.LoraGateway;
import io.cityhub.sensor.lora.lorawan.Bytes;
import io.cityhub.testing.InMemoryReadingBuffer;
import io.cityhub.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LoRa uplinks of devices with a device profile, from the packet-forwarder simulator over loopback UDP through the
 * gateway's LoRa server and the real ingest with the built-in profiles' codecs into an outbox: the values are those
 * the vendors document for the same bytes, ids come from the frame, and a payload that does not decode is counted
 * and does not stop the frames behind it.
 */
class LoraProfileLoopbackTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    static final long GW = 0xaa555a0000000000L;
    static final long PARKING_EUI = 0x70b3d57ed0001717L;
    static final int PARKING_ADDR = 0x26011717;
    static final long PM_EUI = 0x70b3d57ed0002525L;
    static final int PM_ADDR = 0x26012525;
    static final byte[] NWK = Bytes.fromHex("44024241ed4ce9a68c6a8bc055233fd3");
    static final byte[] APP = Bytes.fromHex("ec925802ae430ca77fd3dd73cb2cc588");

    @TempDir
    Path sessions;

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z"));
    final InMemoryReadingBuffer buffer = new InMemoryReadingBuffer();
    ProfileCatalog.Result catalog;
    IngestPipeline ingest;
    LoraGateway gateway;
    PacketForwarderSimulator forwarder;

    @BeforeEach
    void start() throws Exception {
        catalog = ProfileCatalog.load(new ProfileReader(), ProfileCatalog.directory(Path.of("../device-profiles")),
                List.of());
        ingest = new IngestPipeline(IngestOptions.DEFAULTS, buffer, clock);
        for (ProfileCatalog.Loaded loaded : catalog.profiles().values()) {
            if (loaded.codec() != null) {
                ingest.addCodec(loaded.codec(), Map.of(PayloadCodec.CODEC_ID, loaded.codec().id()));
            }
        }
        gateway = new LoraGateway(LoraLoopbackTest.options(Set.of()), sessions, ingest, clock);
        gateway.profiles(new CatalogRegistry(catalog));
        gateway.addDevice(new LoraDevice(new LoraDeviceOptions(PARKING_EUI, false, null, new byte[0], PARKING_ADDR,
                NWK, APP, "bosch-tps110", "bay-17", false)));
        gateway.addDevice(new LoraDevice(new LoraDeviceOptions(PM_EUI, false, null, new byte[0], PM_ADDR,
                NWK, APP, "decentlab-dl-pm", "pm-station-3", false)));
        forwarder = new PacketForwarderSimulator(GW, gateway.address());
        assertThat(forwarder.pullData(WAIT)).isTrue();
    }

    @AfterEach
    void stop() throws Exception {
        forwarder.close();
        gateway.deactivate();
    }

    @Test
    void aPayloadThatDoesNotDecodeIsCountedWithItsReasonAndTheNextFrameStillDecodes() throws Exception {
        SimulatedLoraDevice bay = SimulatedLoraDevice.abp(PARKING_EUI, PARKING_ADDR, NWK, APP);

        // a start-up frame cut short (its occupancy is in byte 16), then a good heartbeat
        assertThat(forwarder.push(bay.uplink(false, 3, Bytes.fromHex("01")), 1000, WAIT)).isTrue();
        assertThat(forwarder.push(bay.uplink(false, 2, Bytes.fromHex("00fe")), 2000, WAIT)).isTrue();

        List<Reading> stored = awaitReadings(2);
        assertThat(stored).extracting(Reading::channel, Reading::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("occupied", ReadingValue.of(false)),
                org.assertj.core.groups.Tuple.tuple("temperature", ReadingValue.of(-2.0)));
        assertThat(stored).allSatisfy(r -> assertThat(r.source().attributes()).containsEntry("fCnt", "1"));
        assertThat(gateway.counter("dropped.decode_failed")).isEqualTo(1);
        assertThat(gateway.health().get("lastDecodeError")).asString().contains("bosch-tps110", "'bay-17'",
                "FPort 3", "byte offset 16", "field 'occupied'");
        assertThat(ingest.health()).containsEntry("decodeErrors.bosch-tps110", 1L);
    }

    @Test
    void parkingSensorFramesDecodeToTheVendorsValuesWithIdsFromTheFrame() throws Exception {
        SimulatedLoraDevice bay = SimulatedLoraDevice.abp(PARKING_EUI, PARKING_ADDR, NWK, APP);

        // the vendor's documented "Heartbeat" example: FPort 2, bytes [1, 255]
        assertThat(forwarder.push(bay.uplink(false, 2, new byte[] {1, (byte) 255}), 1000, WAIT)).isTrue();

        List<Reading> stored = awaitReadings(2);
        assertThat(stored).extracting(Reading::sensorId).containsOnly("bay-17");
        assertThat(values(stored)).containsExactly(Map.entry("occupied", true), Map.entry("temperature", -1.0));
        assertThat(stored.get(1).unit()).isEqualTo("Cel");
        String frame = "lora/" + Bytes.hex(PARKING_EUI, 16) + "/0/0";
        assertThat(stored).allSatisfy(r -> {
            assertThat(r.id()).isEqualTo(ReadingIds.derive("frame", frame, r.channel(), r.unit()));
            assertThat(r.source().attributes()).containsEntry("fPort", "2")
                    .containsEntry(SourceMetadata.PROFILE, "bosch-tps110");
        });
    }

    @Test
    void particulateMatterFrameDecodesToEveryValueOfTheVendorsExample() throws Exception {
        SimulatedLoraDevice station = SimulatedLoraDevice.abp(PM_EUI, PM_ADDR, NWK, APP);
        ProfileExample example = catalog.profiles().get("decentlab-dl-pm").document().examples().get(0);

        assertThat(forwarder.push(station.uplink(false, example.fport(), example.payload()), 1000, WAIT)).isTrue();

        List<Reading> stored = awaitReadings(example.readings().size());
        assertThat(values(stored)).isEqualTo(example.readings());
        assertThat(values(stored)).containsEntry("air_temperature", 24.35660461425781)
                .containsEntry("barometric_pressure", 96800.0).containsEntry("battery_voltage", 3.109);
    }

    private List<Reading> awaitReadings(int count) throws InterruptedException {
        List<Reading> stored = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            Optional<Batch> batch = buffer.take(100, Duration.ZERO);
            batch.ifPresent(b -> stored.addAll(b.readings()));
            return stored.size() >= count;
        });
        return stored;
    }

    private static Map<String, Object> values(List<Reading> readings) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Reading r : readings) {
            values.put(r.channel(), r.value() instanceof ReadingValue.NumberValue n ? (Object) n.value()
                    : r.value() instanceof ReadingValue.BooleanValue b ? (Object) b.value() : r.value().toString());
        }
        return values;
    }

    /** The registry the gateway binds in OSGi, over the built-in profiles. */
    private record CatalogRegistry(ProfileCatalog.Result catalog) implements DeviceProfileRegistry {

        @Override
        public Optional<DeviceProfile> profile(String profileId) {
            return Optional.ofNullable(catalog.profiles().get(profileId)).map(l -> l.document().profile());
        }

        @Override
        public Optional<DeviceProfile> profileOf(String sensorId) {
            return Optional.empty();
        }

        @Override
        public Collection<DeviceProfile> profiles() {
            return catalog.profiles().values().stream().map(l -> l.document().profile()).toList();
        }
    }
}
