package io.cityhub.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.profile.PayloadCodec;
import io.cityhub.profiles.internal.ProfileCatalog;
import io.cityhub.profiles.internal.ProfileExamples;
import io.cityhub.profiles.internal.ProfileReader;
import io.cityhub.sensor.lora.lorawan.Aes128;
import io.cityhub.sensor.lora.lorawan.AesCmac;
import io.cityhub.sensor.lora.lorawan.DataFrame;
import io.cityhub.sensor.lora.lorawan.FrameCounter;
import io.cityhub.sensor.lora.lorawan.PhyPayload;
import io.cityhub.tools.DemoSnapshot;
import io.cityhub.tools.lora.SimulatedLoraDevice;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoraLoadTest {

    @TempDir
    Path work;

    @Test
    void baseNamesOtherThanLoraSensorsAreNotLoraDevices() {
        assertThat(LoraLoad.deviceOfBaseName(null)).isEqualTo(-1);
        assertThat(LoraLoad.deviceOfBaseName("bench-007/")).isEqualTo(-1);
        assertThat(LoraLoad.deviceOfBaseName("lora-x/")).isEqualTo(-1);
        assertThat(LoraLoad.deviceOfBaseName(LoraLoad.sensorId(42) + "/")).isEqualTo(42);
        assertThat(LoraLoad.deviceOfBaseName(LoraLoad.sensorId(9999))).isEqualTo(9999);
    }

    /** The frames the gateway must accept: MIC with the NwkSKey over the 32-bit counter, counters 0, 1, 2, … */
    @Test
    void framesCarryConsecutiveCountersAndValidMics() throws Exception {
        LoraLoad.Keys keys = LoraLoad.keys(7);
        SimulatedLoraDevice device = SimulatedLoraDevice.abp(LoraLoad.devEui(7), LoraLoad.devAddr(7),
                keys.nwkSKey(), keys.appSKey());
        AesCmac nwk = new AesCmac(keys.nwkSKey());
        AesCmac wrong = new AesCmac(LoraLoad.keys(8).nwkSKey());
        for (long n = 0; n < 70_000; n++) {
            byte[] phy = device.uplink(n % 10 == 0, LoraLoad.FPORT, LoraLoad.payload(n));
            if (n % 7_000 != 0 && n != 65_536) {
                continue;
            }
            DataFrame frame = (DataFrame) PhyPayload.parse(phy);
            long full = FrameCounter.reconstruct(n, frame.fCnt16());
            assertThat(full).isEqualTo(n);
            assertThat(frame.devAddr()).isEqualTo(LoraLoad.devAddr(7));
            assertThat(frame.confirmed()).isEqualTo(n % 10 == 0);
            assertThat(frame.micValid(nwk, full)).isTrue();
            assertThat(frame.micValid(wrong, full)).isFalse();
            assertThat(frame.decrypt(new Aes128(keys.appSKey()), full)).isEqualTo(LoraLoad.payload(n));
        }
    }

    /** Five readings per frame, each channel once, with the values the payload encodes. */
    @Test
    void payloadsDecodeWithTheShippedProfileToFiveReadings() throws Exception {
        Path file = findRepo().resolve("device-profiles/" + LoraLoad.PROFILE + ".yaml");
        ProfileCatalog.Loaded loaded = ProfileCatalog.check(new ProfileReader(),
                new ProfileCatalog.Source(file.getFileName().toString(), Files.readAllBytes(file)));
        assertThat(Files.readString(file)).as("a profile with edge filters would hold readings back")
                .doesNotContain("filters:");
        PayloadCodec codec = loaded.codec();
        for (long n : new long[] {0, 1, 99, 12_345}) {
            List<Reading> readings = codec.decode(ProfileExamples.observation(codec, false, LoraLoad.FPORT,
                    LoraLoad.payload(n)));
            Map<String, Double> values = readings.stream().collect(Collectors.toMap(Reading::channel,
                    r -> ((ReadingValue.NumberValue) r.value()).value(), (a, b) -> Double.NaN, LinkedHashMap::new));
            assertThat(values.keySet()).containsExactlyElementsOf(LoraLoad.CHANNELS);
            assertThat(values.get("temperature_1")).isCloseTo((150 + n % 100) / 10.0, within(1e-9));
            assertThat(values.get("humidity_2")).isCloseTo((80 + n % 40) / 2.0, within(1e-9));
            assertThat(values.get("barometer_3")).isCloseTo((10_000 + n % 300) / 10.0, within(1e-9));
            assertThat(values.get("analog_input_4")).isCloseTo((n % 3000) / 100.0, within(1e-9));
            assertThat(values.get("digital_input_5")).isEqualTo((double) (n & 1));
        }
    }

    @Test
    void theSnapshotGetsOneAbpDeviceWithTheProfilePerIndex() throws Exception {
        Path seed = findRepo().resolve("kura-config/snapshot_0.xml");
        Path snapshot = work.resolve("snapshot.xml");
        Map<String, Map<String, DemoSnapshot.Value>> overrides = new LinkedHashMap<>();
        LoraLoad.configure(overrides, 41_700);
        DemoSnapshot.deriveTyped(seed, snapshot, overrides);
        LoraLoad.addDevices(snapshot, 3);
        String xml = Files.readString(snapshot, StandardCharsets.UTF_8);
        assertThat(xml).contains("<esf:value>41700</esf:value>");
        // the seed has one commented-out LoRa device example; the benchmark's devices come on top
        assertThat(xml.split("<esf:configuration pid=\"benchLora", -1)).hasSize(4);
        assertThat(xml.split("<esf:value>ABP</esf:value>", -1)).hasSize(4);
        assertThat(xml).contains("<esf:value>" + LoraLoad.sensorId(2) + "</esf:value>")
                .contains("<esf:value>260E0002</esf:value>".toLowerCase())
                .doesNotContain(LoraLoad.sensorId(3));
        assertThat(xml.trim()).endsWith("</esf:configurations>");
    }

    private static Path findRepo() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("kura-config/snapshot_0.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository above " + Path.of("").toAbsolutePath());
    }
}
