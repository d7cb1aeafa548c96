package io.cityhub.profiles.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cityhub.api.ClockQuality;
import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingIds;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.ingest.RawObservation;
import io.cityhub.api.profile.DecodeException;
import java.io.InputStream;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Cayenne LPP against the public vectors (shared testdata: TTS documentation, ChirpStack's all-types test). */
class CayenneLppCodecTest {

    /** ChirpStack's type keys in the vectors, mapped to our channel labels. */
    private static final Map<String, String> CHIRPSTACK = Map.ofEntries(Map.entry("digitalInput", "digital_input"),
            Map.entry("digitalOutput", "digital_output"), Map.entry("analogInput", "analog_input"),
            Map.entry("analogOutput", "analog_output"), Map.entry("genericSensor", "generic"),
            Map.entry("illuminanceSensor", "illuminance"), Map.entry("presenceSensor", "presence"),
            Map.entry("temperatureSensor", "temperature"), Map.entry("humiditySensor", "humidity"),
            Map.entry("accelerometer", "accelerometer"), Map.entry("barometer", "barometer"),
            Map.entry("voltage", "voltage"), Map.entry("current", "current"), Map.entry("frequency", "frequency"),
            Map.entry("percentage", "percentage"), Map.entry("altitude", "altitude"),
            Map.entry("concentration", "concentration"), Map.entry("power", "power"),
            Map.entry("distance", "distance"), Map.entry("energy", "energy"), Map.entry("direction", "direction"),
            Map.entry("unix_time", "unix_time"), Map.entry("gyrometer", "gyrometer"), Map.entry("color", "colour"),
            Map.entry("gpsLocation", "gps"), Map.entry("switch", "switch"));

    private final CayenneLppCodec codec = new CayenneLppCodec();

    private Map<String, Double> decode(String hex) throws DecodeException {
        List<Reading> readings = codec.decode(ProfileExamples.observation(codec, false, null,
                HexFormat.of().parseHex(hex)));
        Map<String, Double> values = new LinkedHashMap<>();
        readings.forEach(r -> values.put(r.channel(), (Double) ProfileExamples.value(r.value())));
        return values;
    }

    @Test
    void everyVectorDecodesToTheReferenceValues() throws Exception {
        JsonNode vectors;
        try (InputStream in = getClass().getResourceAsStream("/codecs/cayenne-lpp.json")) {
            vectors = new ObjectMapper().readTree(in).path("cayenne_lpp").path("vectors");
        }
        Set<String> typesSeen = new TreeSet<>();
        assertThat(vectors.size()).isEqualTo(5);
        for (JsonNode vector : vectors) {
            Map<String, Double> expected = new LinkedHashMap<>();
            vector.get("expected_chirpstack").fields().forEachRemaining(type -> {
                String label = CHIRPSTACK.get(type.getKey());
                assertThat(label).as(type.getKey()).isNotNull();
                typesSeen.add(label);
                type.getValue().fields().forEachRemaining(channel -> {
                    if (channel.getValue().isObject()) {
                        channel.getValue().fields().forEachRemaining(part -> expected.put(label + "_"
                                + channel.getKey() + "_" + part.getKey(), part.getValue().doubleValue()));
                    } else {
                        expected.put(label + "_" + channel.getKey(), channel.getValue().doubleValue());
                    }
                });
            });

            Map<String, Double> actual = decode(vector.get("bytes_hex").asText());

            assertThat(actual.keySet()).as(vector.get("id").asText()).isEqualTo(expected.keySet());
            expected.forEach((channel, value) -> assertThat(actual.get(channel)).as(channel)
                    .isCloseTo(value, within(Math.abs(value) * 1e-9)));
        }
        assertThat(typesSeen).isEqualTo(new TreeSet<>(Set.of(LppType.values()).stream().map(LppType::label)
                .collect(Collectors.toSet())));
    }

    @Test
    void unitsAreSenmlSymbols() throws Exception {
        List<Reading> readings = codec.decode(ProfileExamples.observation(codec, false, 8,
                HexFormat.of().parseHex("007327bf006700de")));

        assertThat(readings).extracting(Reading::channel, Reading::unit)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("barometer_0", "hPa"),
                        org.assertj.core.groups.Tuple.tuple("temperature_0", "Cel"));
    }

    @Test
    void unknownTypeNamesDeviceFportAndOffset() {
        assertThatThrownBy(() -> codec.decode(ProfileExamples.observation(codec, false, 8,
                HexFormat.of().parseHex("03670110057f00"))))
                .isInstanceOf(DecodeException.class)
                .hasMessage("cayenne-lpp: device 'example', FPort 8: unknown type 127 at byte offset 5 (field 'type')");
    }

    @Test
    void truncatedValueNamesTheField() {
        assertThatThrownBy(() -> codec.decode(ProfileExamples.observation(codec, false, null,
                HexFormat.of().parseHex("03670110056701"))))
                .isInstanceOf(DecodeException.class)
                .hasMessage("cayenne-lpp: device 'example': payload ends at byte offset 7 inside a temperature value"
                        + " starting at byte offset 6 (field 'temperature_5', needs 2 bytes)");
    }

    @Test
    void emptyPayloadAndLoneChannelByteAreRefused() {
        assertThatThrownBy(() -> codec.decode(ProfileExamples.observation(codec, false, null, new byte[0])))
                .hasMessageContaining("empty payload");
        assertThatThrownBy(() -> codec.decode(ProfileExamples.observation(codec, false, null, new byte[] {3})))
                .hasMessageContaining("truncated channel/type header at byte offset 0");
    }

    @Test
    void aReceiptMakesTheIdsOfReadingsStampedWithTheReceiveTimeAndIsNotStored() throws Exception {
        byte[] temperature = HexFormat.of().parseHex("0367010E"); // channel 3, 27.0 Cel
        Instant twice = Instant.parse("2026-11-30T12:00:00Z"); // a clock set back shows it again
        List<Reading> first = codec.decode(received(temperature, twice, "a1b2:1"));
        List<Reading> again = codec.decode(received(temperature, twice, "a1b2:2"));
        List<Reading> without = codec.decode(received(temperature, twice, null));

        assertThat(first.get(0).id()).isNotEqualTo(again.get(0).id())
                .isEqualTo(ReadingIds.ofReceipt("dev-1", first.get(0).channel(), first.get(0).unit(), twice,
                        "a1b2:1"));
        assertThat(without.get(0).id())
                .isEqualTo(ReadingIds.of("dev-1", first.get(0).channel(), first.get(0).unit(), twice));
        assertThat(first.get(0).source().attributes()).doesNotContainKey(SourceMetadata.RECEIPT_ID)
                .containsEntry("remote", "127.0.0.1");
    }

    private RawObservation received(byte[] payload, Instant at, String receipt) {
        Map<String, String> attributes = new java.util.HashMap<>(Map.of("remote", "127.0.0.1"));
        if (receipt != null) {
            attributes.put(SourceMetadata.RECEIPT_ID, receipt);
        }
        return new RawObservation("dev-1", codec.id(), payload, at, ClockQuality.SYNCHRONISED, Priority.TELEMETRY,
                new SourceMetadata("coap", null, null, attributes));
    }
}

