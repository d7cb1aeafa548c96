package io.cityhub.forward.mqtt.internal.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.buffer.GapRecord;
import io.cityhub.forward.mqtt.internal.Fixtures;
import io.cityhub.forward.mqtt.internal.JacksonTrees;
import io.cityhub.forward.mqtt.internal.payload.PayloadEncoder.EncodedPayload;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SenmlEncodingTest {

    /** RFC 8428 §6: the CBOR representation of the §5.1.2 multiple-datapoints example, byte for byte. */
    private static final String RFC8428_CBOR_EXAMPLE =
            "87a721781b75726e3a6465763a6f773a3130653230373361303130383030363a"
                    + "22fb41d303a15b00106223614120050067766f6c7461676501615602fb405e066666666666"
                    + "a3006763757272656e74062402fb3ff3333333333333"
                    + "a3006763757272656e74062302fb3ff4cccccccccccd"
                    + "a3006763757272656e74062202fb3ff6666666666666"
                    + "a3006763757272656e74062102f93e00"
                    + "a3006763757272656e74062002fb3ff999999999999a"
                    + "a3006763757272656e74060002fb3ffb333333333333";

    /** RFC 8428 §5.1.2, "Multiple Datapoints". */
    private static final String RFC8428_JSON_EXAMPLE = """
            [
              {"bn":"urn:dev:ow:10e2073a0108006:","bt":1.276020076001e+09,
               "bu":"A","bver":5,
               "n":"voltage","u":"V","v":120.1},
              {"n":"current","t":-5,"v":1.2},
              {"n":"current","t":-4,"v":1.3},
              {"n":"current","t":-3,"v":1.4},
              {"n":"current","t":-2,"v":1.5},
              {"n":"current","t":-1,"v":1.6},
              {"n":"current","v":1.7}
            ]""";

    @Test
    void writesRfc8428CborExampleByteForByte() {
        List<SenmlRecord> pack = rfcExample(true);
        CborWriter cbor = new CborWriter(256).arrayHeader(pack.size());
        pack.forEach(r -> r.writeCbor(cbor));

        assertThat(HexFormat.of().formatHex(cbor.toByteArray())).isEqualTo(RFC8428_CBOR_EXAMPLE);
    }

    @Test
    void writesRfc8428JsonExampleWithTheSameContent() throws Exception {
        List<SenmlRecord> pack = rfcExample(false);
        JsonWriter json = new JsonWriter(256).raw('[');
        for (int i = 0; i < pack.size(); i++) {
            if (i > 0) {
                json.raw(',');
            }
            pack.get(i).writeJson(json);
        }
        json.raw(']');

        Object ours = JacksonTrees.json(json.toString().getBytes(StandardCharsets.UTF_8));
        Object rfc = JacksonTrees.json(RFC8428_JSON_EXAMPLE.getBytes(StandardCharsets.UTF_8));
        assertThat(normalised(ours)).isEqualTo(normalised(rfc));
    }

    @Test
    void writesRfc8428SingleDatapointExampleVerbatim() {
        // RFC 8428 §5.1.1
        SenmlRecord record = new SenmlRecord().put("n", "urn:dev:ow:10e2073a01080063").put("u", "Cel").put("v", 23.1);
        JsonWriter json = new JsonWriter(64).raw('[');
        record.writeJson(json);
        assertThat(json.raw(']').toString())
                .isEqualTo("[{\"n\":\"urn:dev:ow:10e2073a01080063\",\"u\":\"Cel\",\"v\":23.1}]");
    }

    @Test
    void cborFloatsUseTheShortestExactWidth() {
        assertThat(hex(new CborWriter(8).number(1.5))).isEqualTo("f93e00");
        assertThat(hex(new CborWriter(8).number(0.0))).isEqualTo("f90000");
        assertThat(hex(new CborWriter(8).number(-2.0))).isEqualTo("f9c000");
        assertThat(hex(new CborWriter(8).number(65504.0))).isEqualTo("f97bff");
        assertThat(hex(new CborWriter(8).number(5.960464477539063e-8))).isEqualTo("f90001"); // smallest subnormal
        assertThat(hex(new CborWriter(8).number(100000.0))).isEqualTo("fa47c35000");
        assertThat(hex(new CborWriter(8).number(1.1))).isEqualTo("fb3ff199999999999a");
        assertThat(hex(new CborWriter(8).integer(-500))).isEqualTo("3901f3");
    }

    @Test
    void jsonTelemetryCarriesIdClockQualityAndAbsoluteTime() throws Exception {
        Reading a = Fixtures.temperature("s-1", 0);
        Reading b = Reading.of("s-1", "door", ReadingValue.of(true), "", Fixtures.T0.plusSeconds(1),
                ClockQuality.ESTIMATED, SourceMetadata.of("gpio"));
        Reading c = Reading.of("s-1", "fw", ReadingValue.of("1.2\"x"), "", Fixtures.T0.plusSeconds(2),
                ClockQuality.UNSYNCHRONISED, SourceMetadata.of("coap"));

        List<EncodedPayload> payloads = new SenmlJsonEncoder().encode("s-1", List.of(a, b, c), 16384);

        assertThat(payloads).hasSize(1);
        List<Map<String, Object>> records = JacksonTrees.records(JacksonTrees.json(payloads.get(0).bytes()));
        assertThat(records).hasSize(3);
        assertThat(records.get(0)).containsExactly(entry("bn", "s-1/"), entry("n", "temperature"), entry("u", "Cel"),
                entry("v", 20.0), entry("t", 1.795766400125E9), entry("rid", a.id()), entry("clk", "sync"));
        assertThat(records.get(1)).doesNotContainKey("bn").contains(entry("vb", true), entry("clk", "est"),
                entry("rid", b.id()));
        assertThat(records.get(2)).contains(entry("vs", "1.2\"x"), entry("clk", "unsync"));
    }

    @Test
    void gapRecordsCarryTheirIntervalAndReason() throws Exception {
        Reading gap = new GapRecord("s-9", Instant.parse("2026-11-27T07:00:00Z"), Instant.parse("2026-11-27T07:10:00Z"),
                42, "full").toReading(Fixtures.T0, ClockQuality.SYNCHRONISED);

        byte[] json = new SenmlJsonEncoder().encode("s-9", List.of(gap), 1024).get(0).bytes();

        assertThat(JacksonTrees.records(JacksonTrees.json(json)).get(0)).contains(entry("n", GapRecord.CHANNEL),
                entry("v", 42.0), entry("from", "2026-11-27T07:00:00Z"), entry("to", "2026-11-27T07:10:00Z"),
                entry("reason", "full"), entry("rid", gap.id()));
    }

    @Test
    void cborTelemetryUsesIntegerLabelsAndTextExtensionLabels() throws Exception {
        Reading a = Fixtures.temperature("s-1", 3);

        byte[] cbor = new SenmlCborEncoder().encode("s-1", List.of(a), 1024).get(0).bytes();

        // Jackson's CBOR parser reports integer keys as their decimal text
        List<Map<String, Object>> records = JacksonTrees.records(JacksonTrees.cbor(cbor));
        assertThat(records.get(0)).containsExactly(entry("-2", "s-1/"), entry("0", "temperature"), entry("1", "Cel"),
                entry("2", 20.375), entry("6", 1.795766400128E9), entry("rid", a.id()), entry("clk", "sync"));
    }

    @Test
    void splitsAtTheSizeBoundAndKeepsEveryReadingInOrder() throws Exception {
        List<Reading> readings = Fixtures.temperatures("s-2", 100);
        for (PayloadEncoder encoder : List.of(new SenmlJsonEncoder(), new SenmlCborEncoder())) {
            List<EncodedPayload> payloads = encoder.encode("s-2", readings, 1000);

            assertThat(payloads.size()).isGreaterThan(5);
            assertThat(payloads).allSatisfy(p -> assertThat(p.bytes().length).isLessThanOrEqualTo(1000));
            assertThat(payloads.stream().mapToInt(EncodedPayload::readings).sum()).isEqualTo(100);
            List<Object> ids = new java.util.ArrayList<>();
            for (EncodedPayload p : payloads) {
                List<Map<String, Object>> records = JacksonTrees.records(encoder instanceof SenmlJsonEncoder
                        ? JacksonTrees.json(p.bytes()) : JacksonTrees.cbor(p.bytes()));
                assertThat(records.get(0)).containsKey(encoder instanceof SenmlJsonEncoder ? "bn" : "-2");
                assertThat(records).hasSize(p.readings());
                records.forEach(r -> ids.add(r.get("rid")));
            }
            assertThat(ids).containsExactlyElementsOf(readings.stream().map(Reading::id).toList());
        }
    }

    @Test
    void aReadingLargerThanTheBoundTravelsAlone() {
        Reading big = Reading.of("s-3", "log", ReadingValue.of("x".repeat(2000)), "", Fixtures.T0,
                ClockQuality.SYNCHRONISED, SourceMetadata.of("coap"));
        List<EncodedPayload> payloads = new SenmlJsonEncoder()
                .encode("s-3", List.of(Fixtures.temperature("s-3", 0), big, Fixtures.temperature("s-3", 1)), 500);
        assertThat(payloads).extracting(EncodedPayload::readings).containsExactly(1, 1, 1);
    }

    private static List<SenmlRecord> rfcExample(boolean explicitZeroTime) {
        SenmlRecord first = new SenmlRecord().put("bn", "urn:dev:ow:10e2073a0108006:").put("bt", 1.276020076001e+09)
                .put("bu", "A").put("bver", 5L).put("n", "voltage").put("u", "V").put("v", 120.1);
        List<SenmlRecord> pack = new java.util.ArrayList<>(List.of(first));
        double[] values = {1.2, 1.3, 1.4, 1.5, 1.6};
        for (int i = 0; i < values.length; i++) {
            pack.add(new SenmlRecord().put("n", "current").put("t", (long) (i - 5)).put("v", values[i]));
        }
        SenmlRecord last = new SenmlRecord().put("n", "current");
        if (explicitZeroTime) {
            last.put("t", 0L);
        }
        pack.add(last.put("v", 1.7));
        return pack;
    }

    /** Numbers compared by value: 1.276020076001e+09 and 1276020076.001 are the same SenML time. */
    private static Object normalised(Object tree) {
        if (tree instanceof List<?> list) {
            return list.stream().map(SenmlEncodingTest::normalised).toList();
        }
        if (tree instanceof Map<?, ?> map) {
            Map<Object, Object> out = new java.util.TreeMap<>();
            map.forEach((k, v) -> out.put(k, normalised(v)));
            return out;
        }
        if (tree instanceof Number n) {
            return n.doubleValue();
        }
        return tree;
    }

    private static String hex(CborWriter writer) {
        return HexFormat.of().formatHex(writer.toByteArray());
    }
}
