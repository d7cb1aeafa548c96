package io.cityhub.profiles.senml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SenmlFormatTest {

    private static final String RFC8428_CBOR_EXAMPLE = Rfc8428Examples.MULTIPLE_DATAPOINTS_CBOR_HEX;
    private static final String RFC8428_JSON_EXAMPLE = Rfc8428Examples.MULTIPLE_DATAPOINTS_JSON;

    @Test
    void finishingAnEmptyPackIsRefused() {
        for (SenmlFormat format : SenmlFormat.values()) {
            SenmlPackWriter writer = format.newPackWriter();
            assertThatThrownBy(writer::finish).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("at least one record");
            assertThatThrownBy(writer::removeLast).isInstanceOf(IllegalStateException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(SenmlFormat.class)
    void onlyTheLastRecordCanBeTakenBack(SenmlFormat format) {
        SenmlPackWriter writer = format.newPackWriter();
        writer.add(new SenmlRecord().put("n", "a").put("v", 1.0));
        writer.add(new SenmlRecord().put("n", "b").put("v", 2.0));
        writer.removeLast();

        assertThatThrownBy(writer::removeLast).isInstanceOf(IllegalStateException.class);
        assertThat(writer.count()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(SenmlFormat.class)
    void aTakenBackRecordLeavesNoTrace(SenmlFormat format) throws Exception {
        SenmlPackWriter writer = format.newPackWriter();
        int one = writer.add(new SenmlRecord().put("bn", "s/").put("n", "a").put("v", 1.5));
        int two = writer.add(new SenmlRecord().put("n", "b").put("vs", "x".repeat(40)));
        assertThat(two).isGreaterThan(one);
        writer.removeLast();
        assertThat(writer.size()).isEqualTo(one);
        writer.add(new SenmlRecord().put("n", "c").put("vb", true));

        byte[] pack = writer.finish();

        assertThat(writer.count()).isZero();
        List<SenmlRecord> read = format.read(pack);
        assertThat(read).extracting(r -> r.text(SenmlLabel.NAME)).containsExactly("a", "c");
        assertThat(read.get(1).flag(SenmlLabel.BOOLEAN_VALUE)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(SenmlFormat.class)
    void sizeIsTheLengthOfTheFinishedPack(SenmlFormat format) {
        SenmlPackWriter writer = format.newPackWriter();
        for (int i = 0; i < 30; i++) {
            writer.add(new SenmlRecord().put("n", "c" + i).put("v", i / 3.0).put("rid", "id-" + i));
        }
        int size = writer.size();

        assertThat(writer.finish()).hasSize(size);
        assertThat(writer.count()).isZero();
    }

    @Test
    void writesRfc8428CborExampleByteForByte() {
        SenmlPackWriter writer = SenmlFormat.CBOR.newPackWriter();
        rfcExample(true).forEach(writer::add);

        assertThat(HexFormat.of().formatHex(writer.finish())).isEqualTo(RFC8428_CBOR_EXAMPLE);
    }

    @Test
    void writesRfc8428JsonExampleWithTheSameContent() throws Exception {
        SenmlPackWriter writer = SenmlFormat.JSON.newPackWriter();
        rfcExample(false).forEach(writer::add);
        byte[] ours = writer.finish();

        assertThat(contents(SenmlFormat.JSON.read(ours)))
                .isEqualTo(contents(SenmlFormat.JSON.read(RFC8428_JSON_EXAMPLE.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void readsRfc8428CborExampleAsTheJsonExample() throws Exception {
        List<SenmlRecord> cbor = SenmlFormat.CBOR.read(HexFormat.of().parseHex(RFC8428_CBOR_EXAMPLE));
        List<SenmlRecord> json = SenmlFormat.JSON.read(RFC8428_JSON_EXAMPLE.getBytes(StandardCharsets.UTF_8));

        // the CBOR example spells the last record's time 0 out; the JSON example leaves it away
        assertThat(cbor.get(6).number(SenmlLabel.TIME)).isEqualTo(0.0);
        assertThat(cbor).hasSize(7);
        assertThat(contents(cbor).subList(0, 6)).isEqualTo(contents(json).subList(0, 6));
    }

    @Test
    void writesRfc8428SingleDatapointExampleVerbatim() {
        // RFC 8428 §5.1.1
        SenmlPackWriter writer = SenmlFormat.JSON.newPackWriter();
        writer.add(new SenmlRecord().put("n", "urn:dev:ow:10e2073a01080063").put("u", "Cel").put("v", 23.1));

        assertThat(new String(writer.finish(), StandardCharsets.UTF_8))
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
    void cborWritesTableLabelsAsIntegersExtensionsAsTextAndDataAsBytes() {
        SenmlPackWriter writer = SenmlFormat.CBOR.newPackWriter();
        writer.add(new SenmlRecord().put("n", "a").put("vd", "AQI").put("rid", "r"));

        // [ {0: "a", 8: h'0102', "rid": "r"} ]
        assertThat(HexFormat.of().formatHex(writer.finish())).isEqualTo("81a300616108420102637269646172");
    }

    @ParameterizedTest
    @EnumSource(SenmlFormat.class)
    void readsWhatItWritesIncludingExtensionFields(SenmlFormat format) throws Exception {
        SenmlRecord first = new SenmlRecord().put("bn", "dev-1/").put("bt", 1.7e9).put("bver", 10L).put("n", "temp")
                .put("u", "Cel").put("v", 21.5).put("t", -1L).put("rid", "0aa5").put("clk", "sync")
                .put("seq", 7L).put("ok", true);
        SenmlRecord second = new SenmlRecord().put("n", "door").put("vb", false).put("s", 3.25)
                .put("vs", "ü\u0001\ud83d\ude00");
        SenmlPackWriter writer = format.newPackWriter();
        writer.add(first);
        writer.add(second);

        List<SenmlRecord> read = format.read(writer.finish());

        assertThat(read).hasSize(2);
        assertThat(read.get(0).text(SenmlLabel.BASE_NAME)).isEqualTo("dev-1/");
        assertThat(read.get(0).number(SenmlLabel.BASE_TIME)).isEqualTo(1.7e9);
        assertThat(read.get(0).integer(SenmlLabel.BASE_VERSION)).isEqualTo(10L);
        assertThat(read.get(0).number(SenmlLabel.TIME)).isEqualTo(-1.0);
        assertThat(read.get(0).get("rid")).isEqualTo("0aa5");
        assertThat(read.get(0).get("clk")).isEqualTo("sync");
        assertThat(read.get(0).get("seq")).isEqualTo(7L);
        assertThat(read.get(0).get("ok")).isEqualTo(true);
        assertThat(read.get(1).flag(SenmlLabel.BOOLEAN_VALUE)).isFalse();
        assertThat(read.get(1).number(SenmlLabel.SUM)).isEqualTo(3.25);
        assertThat(read.get(1).text(SenmlLabel.STRING_VALUE)).isEqualTo("ü\u0001\ud83d\ude00");
    }

    @Test
    void readingRefusesMalformedPacksWithAReason() {
        assertThatThrownBy(() -> SenmlFormat.JSON.read(new byte[0])).isInstanceOf(SenmlException.class)
                .hasMessage("empty payload");
        assertThatThrownBy(() -> SenmlFormat.JSON.read("{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SenmlException.class).hasMessageContaining("must be an array");
        assertThatThrownBy(() -> SenmlFormat.JSON.read("[{\"v\":\"x\"}]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SenmlException.class).hasMessage("record 0: 'v' must be a number, found a text string");
        assertThatThrownBy(() -> SenmlFormat.JSON.read("[{\"n\":\"a\"".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SenmlException.class).hasMessageStartingWith("malformed payload: ");
        assertThatThrownBy(() -> SenmlFormat.CBOR.read(HexFormat.of().parseHex("81a2006161")))
                .isInstanceOf(SenmlException.class);
        assertThatThrownBy(() -> SenmlFormat.CBOR.read(HexFormat.of().parseHex("81a2006161006162")))
                .isInstanceOf(SenmlException.class).hasMessage("record 0: label '0' appears twice");
    }

    @Test
    void formatsKnowTheirMediaTypeAndContentFormat() {
        assertThat(SenmlFormat.JSON.mediaType()).isEqualTo("application/senml+json");
        assertThat(SenmlFormat.JSON.contentFormat()).isEqualTo(110);
        assertThat(SenmlFormat.CBOR.mediaType()).isEqualTo("application/senml+cbor");
        assertThat(SenmlFormat.CBOR.contentFormat()).isEqualTo(112);
    }

    private static List<SenmlRecord> rfcExample(boolean explicitZeroTime) {
        SenmlRecord first = new SenmlRecord().put("bn", "urn:dev:ow:10e2073a0108006:").put("bt", 1.276020076001e+09)
                .put("bu", "A").put("bver", 5L).put("n", "voltage").put("u", "V").put("v", 120.1);
        List<SenmlRecord> pack = new ArrayList<>(List.of(first));
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

    /** Each record as a sorted map, numbers by value: 1.276020076001e+09 and 1276020076.001 are the same time. */
    private static List<Map<String, Object>> contents(List<SenmlRecord> records) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SenmlRecord record : records) {
            Map<String, Object> fields = new TreeMap<>();
            for (int i = 0; i < record.size(); i++) {
                Object value = record.value(i);
                fields.put(record.label(i), value instanceof Number n ? (Object) n.doubleValue() : value);
            }
            out.add(fields);
        }
        return out;
    }

    private static String hex(CborWriter writer) {
        return HexFormat.of().formatHex(writer.toByteArray());
    }
}
