package io.cityhub.profiles.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cityhub.api.Reading;
import io.cityhub.api.profile.DecodeException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The layout engine's features, each on a small profile of its own. */
class DeclarativeCodecTest {

    private static final String HEAD = """
            id: t
            vendor: acme
            model: m
            transport: lorawan
            channels:
              - {name: a, quantity: q, unit: ""}
              - {name: b, quantity: q, unit: ""}
              - {name: c, quantity: q, unit: Cel}
            """;

    private static DeclarativeCodec codec(String codecYaml) throws ProfileException {
        ProfileDocument document = new ProfileReader().read("t.yaml",
                (HEAD + codecYaml).getBytes(StandardCharsets.UTF_8));
        return new DeclarativeCodec(document.profile(), document.layout());
    }

    private static Map<String, Object> decode(DeclarativeCodec codec, Integer fport, String hex)
            throws DecodeException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Reading reading : codec.decode(ProfileExamples.observation(codec, false, fport,
                HexFormat.of().parseHex(hex)))) {
            values.put(reading.channel(), ProfileExamples.value(reading.value()));
        }
        return values;
    }

    @Test
    void readsSequentialFieldsOfMixedTypesSizesAndByteOrders() throws Exception {
        DeclarativeCodec codec = codec("""
                codec: {type: layout, steps: [
                  {channel: a, type: int, size: 3, endian: little},
                  {channel: b, type: float, size: 4},
                  {channel: c, type: uint, size: 2, endian: little, offset: -100, divide: 10}]}
                """);

        assertThat(decode(codec, null, "feffff" + "3fc00000" + "e803"))
                .isEqualTo(Map.of("a", -2.0, "b", 1.5, "c", 90.0));
    }

    @Test
    void bitFieldsAreSignedOrUnsignedAndBoolean() throws Exception {
        DeclarativeCodec codec = codec("""
                codec: {type: layout, steps: [
                  {channel: a, at: 0, type: int, size: 1, bits: {from: 4, width: 4}},
                  {channel: b, at: 0, type: uint, size: 1, bits: {from: 0, width: 4}},
                  {channel: c, at: 0, type: bool, size: 1, bits: {from: 7, width: 1}}]}
                """);

        assertThat(decode(codec, null, "f3")).isEqualTo(Map.of("a", -1.0, "b", 3.0, "c", true));
        assertThat(decode(codec, null, "73")).isEqualTo(Map.of("a", 7.0, "b", 3.0, "c", false));
    }

    @Test
    void groupsApplyByFportAndByATypeByte() throws Exception {
        DeclarativeCodec codec = codec("""
                codec: {type: layout, fports: [1, 2], steps: [
                  {name: kind, type: uint, size: 1},
                  {group: [{channel: a, type: uint, size: 1}], when: {fport: [1]}},
                  {group: [{channel: b, type: uint, size: 1}], when: {field: kind, in: [7]}}]}
                """);

        assertThat(decode(codec, 1, "0609")).isEqualTo(Map.of("a", 9.0));
        assertThat(decode(codec, 1, "070908")).isEqualTo(Map.of("a", 9.0, "b", 8.0));
        assertThat(decode(codec, 2, "0709")).isEqualTo(Map.of("b", 9.0));
        assertThat(decode(codec, 2, "0609")).isEmpty();
        assertThatThrownBy(() -> decode(codec, 3, "0709")).isInstanceOf(DecodeException.class)
                .hasMessage("t: device 'example', FPort 3: unknown FPort 3 (expected one of [1, 2]) at byte offset 0");
        assertThatThrownBy(() -> decode(codec, null, "0709"))
                .hasMessageContaining("FPort none: unknown FPort null");
    }

    @Test
    void tlvWithTwoByteTagsRunsToTheEndAndRefusesUnknownTags() throws Exception {
        DeclarativeCodec codec = codec("""
                codec: {type: layout, steps: [{tlv: {tagSize: 2, entries: [
                  {tag: 0x0102, steps: [{channel: a, type: uint, size: 1}]},
                  {tag: 0x0103, steps: [{channel: c, type: int, size: 2, divide: 100}]}]}}]}
                """);

        assertThat(decode(codec, 5, "010305dc" + "010207")).isEqualTo(Map.of("c", 15.0, "a", 7.0));
        assertThatThrownBy(() -> decode(codec, 5, "010207" + "0109")).isInstanceOf(DecodeException.class)
                .hasMessage("t: device 'example', FPort 5: unknown type 0x109 at byte offset 3 (field 'tag')");
        assertThatThrownBy(() -> decode(codec, 5, "010207" + "01")).hasMessageContaining("truncated tag at byte"
                + " offset 3");
    }

    @Test
    void mismatchNamesDeviceFportByteOffsetAndField() throws Exception {
        DeclarativeCodec codec = codec("""
                codec: {type: layout, steps: [{name: version, type: uint, size: 1, expect: [2]},
                  {channel: a, type: uint, size: 4}]}
                """);

        assertThatThrownBy(() -> decode(codec, 9, "02010203")).isInstanceOf(DecodeException.class)
                .hasMessage("t: device 'example', FPort 9: payload ends: needs 4 bytes, 3 left at byte offset 1"
                        + " (field 'a')");
        assertThatThrownBy(() -> decode(codec, 9, "0301020304"))
                .hasMessage("t: device 'example', FPort 9: value 3 is not one of [2] at byte offset 0"
                        + " (field 'version')");
    }

    @Test
    void layoutErrorsNameThePathInTheProfile() {
        assertThatThrownBy(() -> codec("codec: {type: layout, steps: [{channel: nope, type: uint, size: 1}]}"))
                .isInstanceOf(ProfileException.class)
                .hasMessage("t.yaml: codec.steps[0].channel: 'nope' is not a channel of the profile");
        assertThatThrownBy(() -> codec("codec: {type: layout, steps: [{channel: a, type: float, size: 2}]}"))
                .hasMessage("t.yaml: codec.steps[0].size: 2 bytes is not possible for FLOAT");
        assertThatThrownBy(() -> codec("codec: {type: layout, steps: [{channel: a, type: uint, size: 1,"
                + " when: {field: later, in: [1]}}]}"))
                .hasMessage("t.yaml: codec.steps[0].when.field: no field 'later' is read before");
        assertThatThrownBy(() -> codec("codec: {type: layout, steps: [{channel: a, type: uint, size: 1,"
                + " bits: {from: 6, width: 4}}]}"))
                .hasMessage("t.yaml: codec.steps[0].bits: bits 6..9 do not fit a 1-byte UINT");
    }
}
