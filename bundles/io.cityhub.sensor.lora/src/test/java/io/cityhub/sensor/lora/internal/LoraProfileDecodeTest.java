package io.cityhub.sensor.lora.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.ingest.IngestReceipt;
import io.cityhub.api.ingest.ObservationSink;
import io.cityhub.api.ingest.RawObservation;
import io.cityhub.api.profile.DecodeException;
import io.cityhub.api.profile.DeviceProfile;
import io.cityhub.api.profile.DeviceProfileRegistry;
import io.cityhub.sensor.lora.gwmp.Rxpk;
import io.cityhub.sensor.lora.gwmp.Txpk;
import io.cityhub.sensor.lora.lorawan.Aes128;
import io.cityhub.sensor.lora.lorawan.AesCmac;
import io.cityhub.sensor.lora.lorawan.Bytes;
import io.cityhub.sensor.lora.lorawan.DataFrame;
import io.cityhub.sensor.lora.lorawan.MType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A device with a device profile hands its FRMPayload to ingest for the profile's codec, with the FPort and the
 * frame's identity; a payload that does not decode is counted and reported and never stops the next frames.
 */
class LoraProfileDecodeTest {

    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    static final long GW = 0xaa555a0000000101L;
    static final DeviceProfile PROFILE = new DeviceProfile("test-parking", "Acme", "P1", "lorawan", "test-parking",
            List.of());

    @TempDir
    Path dir;

    final List<Txpk> downlinks = new CopyOnWriteArrayList<>();
    final LoraCounters counters = new LoraCounters(Clock.fixed(NOW, ZoneOffset.UTC),
            LoggerFactory.getLogger(LoraProfileDecodeTest.class));
    final DecodingSink sink = new DecodingSink();

    @Test
    void aPayloadThatDoesNotDecodeIsCountedWithItsReasonAndTheConfirmedUplinkIsStillAnswered() throws Exception {
        LoraNetwork network = network(registry(PROFILE), "test-parking");

        network.uplink(rxpk(up(MType.CONFIRMED_DATA_UP, 0, "ff")), GW, NOW);

        assertThat(counters.get("dropped.decode_failed")).isEqualTo(1);
        assertThat(counters.get("readings.durable")).isZero();
        assertThat(counters.snapshot().get("lastDecodeError")).asString()
                .contains("test-parking", "FPort 1", "byte offset 0", "field 'state'");
        assertThat(counters.get("acks.sent")).isEqualTo(1);
        assertThat(downlinks).hasSize(1);
    }

    @Test
    void framesAfterOneThatDidNotDecodeAreStillDecoded() throws Exception {
        LoraNetwork network = network(registry(PROFILE), "test-parking");

        network.uplink(rxpk(up(MType.UNCONFIRMED_DATA_UP, 0, "ff")), GW, NOW);
        network.uplink(rxpk(up(MType.UNCONFIRMED_DATA_UP, 1, "01")), GW, NOW.plusSeconds(60));

        assertThat(counters.get("dropped.decode_failed")).isEqualTo(1);
        assertThat(counters.get("readings.durable")).isEqualTo(1);
        assertThat(sink.readings).singleElement().satisfies(r -> {
            assertThat(r.channel()).isEqualTo("state");
            assertThat(r.sensorId()).isEqualTo("s1");
        });
    }

    @Test
    void withoutARegistryThePayloadIsKeptAsHexTextAndCounted() throws Exception {
        LoraNetwork network = network(null, "test-parking");

        network.uplink(rxpk(up(MType.UNCONFIRMED_DATA_UP, 0, "01")), GW, NOW);

        assertThat(sink.raw).isEmpty();
        assertThat(sink.readings).singleElement().satisfies(r -> {
            assertThat(r.channel()).isEqualTo(LoraReadings.RAW_CHANNEL);
            assertThat(r.value().toString()).contains("01");
        });
        assertThat(counters.get("undecoded.no_registry")).isEqualTo(1);
    }

    @Test
    void anUnknownProfileKeepsThePayloadAsHexTextAndIsCounted() throws Exception {
        LoraNetwork network = network(registry(PROFILE), "no-such-profile");

        network.uplink(rxpk(up(MType.UNCONFIRMED_DATA_UP, 0, "01")), GW, NOW);

        assertThat(sink.raw).isEmpty();
        assertThat(sink.readings).singleElement().extracting(Reading::channel).isEqualTo(LoraReadings.RAW_CHANNEL);
        assertThat(counters.get("undecoded.unknown_profile")).isEqualTo(1);
    }

    @Test
    void theProfilesCodecGetsThePayloadWithFPortFrameIdentityAndProfile() throws Exception {
        LoraNetwork network = network(registry(PROFILE), "test-parking");

        network.uplink(rxpk(up(MType.UNCONFIRMED_DATA_UP, 7, "01")), GW, NOW);

        assertThat(sink.raw).singleElement().satisfies(raw -> {
            assertThat(raw.codecId()).isEqualTo("test-parking");
            assertThat(raw.sensorId()).isEqualTo("s1");
            assertThat(Bytes.hex(raw.payload())).isEqualTo("01");
            assertThat(raw.source().attributes()).containsEntry("fPort", "1").containsEntry("fCnt", "7")
                    .containsEntry(SourceMetadata.PROFILE, "test-parking")
                    .containsEntry(SourceMetadata.FRAME_ID, "lora/0102030405060708/0/7");
        });
        assertThat(counters.get("readings.durable")).isEqualTo(1);
    }

    private LoraNetwork network(DeviceProfileRegistry registry, String profileId) throws Exception {
        LoraGatewayOptions options = TestOptions.loopback();
        LoraNetwork network = new LoraNetwork(options, sink, () -> null, () -> registry,
                Clock.fixed(NOW, ZoneOffset.UTC), (gatewayEui, txpk) -> downlinks.add(txpk), counters);
        LoraDeviceOptions abp = DeviceSessionTest.abp(false);
        LoraDeviceOptions device = new LoraDeviceOptions(abp.devEui(), false, null, new byte[0], abp.devAddr(),
                abp.nwkSKey(), abp.appSKey(), profileId, abp.sensorId(), false);
        network.addDevice(new DeviceSession(device, new SessionStore(dir)));
        return network;
    }

    private static DeviceProfileRegistry registry(DeviceProfile profile) {
        return new DeviceProfileRegistry() {
            @Override
            public Optional<DeviceProfile> profile(String profileId) {
                return profile.id().equals(profileId) ? Optional.of(profile) : Optional.empty();
            }

            @Override
            public Optional<DeviceProfile> profileOf(String sensorId) {
                return Optional.empty();
            }

            @Override
            public Collection<DeviceProfile> profiles() {
                return List.of(profile);
            }
        };
    }

    private static DataFrame up(MType type, long fCnt, String payloadHex) {
        return DataFrame.build(type, DeviceSessionTest.DEV_ADDR, 0, fCnt, new byte[0], 1,
                Bytes.fromHex(payloadHex), new AesCmac(DeviceSessionTest.NWK), new Aes128(DeviceSessionTest.APP));
    }

    private static Rxpk rxpk(DataFrame frame) {
        return new Rxpk(1_000_000L, null, 868.1, 0, 0, 1, "LORA", "SF7BW125", "4/5", -50, 5.5, frame.phy());
    }

    /**
     * Ingest with a one-byte codec: {@code 00} free, {@code 01} occupied, anything else refused as the declarative
     * codec refuses it (codec, device, FPort, offset, field).
     */
    private static final class DecodingSink implements ObservationSink {

        final List<Reading> readings = new CopyOnWriteArrayList<>();
        final List<RawObservation> raw = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<IngestReceipt> submit(List<Reading> batch) {
            readings.addAll(batch);
            return CompletableFuture.completedFuture(new IngestReceipt(batch.size(), 0, List.of()));
        }

        @Override
        public CompletionStage<IngestReceipt> submit(RawObservation observation) {
            raw.add(observation);
            byte[] payload = observation.payload();
            if (payload.length != 1 || (payload[0] & 0xff) > 1) {
                return CompletableFuture.failedFuture(new DecodeException(observation.codecId(), "device '"
                        + observation.sensorId() + "', FPort " + observation.source().attributes().get("fPort")
                        + ": value " + (payload[0] & 0xff) + " is not one of [0, 1] at byte offset 0 (field 'state')"));
            }
            return submit(List.of(Reading.of(observation.sensorId(), "state",
                    ReadingValue.of(payload[0] == 1), "", observation.receivedAt(),
                    observation.receiveClock(), observation.source())));
        }
    }
}
