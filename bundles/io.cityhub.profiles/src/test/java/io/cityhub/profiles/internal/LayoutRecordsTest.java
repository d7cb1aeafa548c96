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

/**
 * What real devices needed beyond sequential fields: one byte read twice (peek), an optional trailing field, text
 * labels for codes, bounds in conditions, and a variable number of records.
 */
class LayoutRecordsTest {

    private static final String HEAD = """
            id: t
            vendor: acme
            model: m
            transport: lorawan
            channels:
              - {name: a, quantity: q, unit: ""}
              - {name: b, quantity: q, unit: ""}
              - {name: c, quantity: q, unit: Cel}
              - {name: t_1, quantity: q, unit: Cel}
              - {name: t_2, quantity: q, unit: Cel}
              - {name: t_3, quantity: q, unit: Cel}
              - {name: k_1, quantity: q, unit: ""}
              - {name: k_2, quantity: q, unit: ""}
              - {name: k_3, quantity: q, unit: ""}
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
    void peekReadsTheSameByteAsBitFieldsAndAsAWholeWithoutMovingTheCursor() throws Exception {
        DeclarativeCodec codec = codec("""
                codec: {type: layout, steps: [
                  {channel: a, type: uint, size: 1, bits: {from: 0, width: 2}, peek: true},
                  {channel: b, type: uint, size: 1, bits: {from: 2, width: 2}, peek: true},
                  {name: whole, type: uint, size: 1},
                  {channel: c, type: int, size: 1}]}
                """);

        assertThat(decode(codec, 1, "06ff")).containsExactly(Map.entry("a", 2.0), Map.entry("b", 1.0),
                Map.entry("c", -1.0));
        assertThatThrownBy(() -> decode(codec, 1, "06")).isInstanceOf(DecodeException.class)
                .hasMessage("t: device 'example', FPort 1: payload ends: needs 1 bytes, 0 left at byte offset 1"
                        + " (field 'c')");
    }

    @Test
    void anOptionalTrailingFieldIsLeftOutWhenThePayloadEndsBeforeIt() throws Exception {
        DeclarativeCodec codec = codec("""
                codec: {type: layout, steps: [
                  {channel: a, type: uint, size: 1},
                  {channel: c, type: int, size: 2, divide: 10, optional: true},
                  {channel: b, type: uint, size: 1, at: 3, optional: true}]}
                """);

        assertThat(decode(codec, 2, "01")).isEqualTo(Map.of("a", 1.0));
        assertThat(decode(codec, 2, "01ff9c")).isEqualTo(Map.of("a", 1.0, "c", -10.0));
        assertThat(decode(codec, 2, "01ff9c07")).isEqualTo(Map.of("a", 1.0, "c", -10.0, "b", 7.0));
    }

    @Test
    void anOptionalFieldCutInTheMiddleIsStillAnError() throws Exception {
        DeclarativeCodec codec = codec("""
                codec: {type: layout, steps: [
                  {channel: a, type: uint, size: 1},
                  {channel: c, type: int, size: 2, optional: true}]}
                """);

        assertThatThrownBy(() -> decode(codec, 2, "01ff")).isInstanceOf(DecodeException.class)
                .hasMessage("t: device 'example', FPort 2: payload ends: needs 2 bytes, 1 left at byte offset 1"
                        + " (field 'c')");
    }

    @Test
    void labelsTurnCodesIntoTextAndRefuseACodeWithoutOne() throws Exception {
        DeclarativeCodec codec = codec("""
                codec: {type: layout, steps: [
                  {channel: a, type: uint, size: 1, bits: {from: 0, width: 2}, labels: {0: Z, 1: A, 2: C}}]}
                """);

        assertThat(decode(codec, 85, "01")).isEqualTo(Map.of("a", "A"));
        assertThat(decode(codec, 85, "fe")).as("only the selected bits count").isEqualTo(Map.of("a", "C"));
        assertThatThrownBy(() -> decode(codec, 85, "03")).isInstanceOf(DecodeException.class)
                .hasMessage("t: device 'example', FPort 85: value 3 has no label (expected one of [0, 1, 2]) at byte"
                        + " offset 0 (field 'a')");
    }

    @Test
    void labelsOnAFloatAreRefusedWithThePath() {
        assertThatThrownBy(() -> codec("codec: {type: layout, steps: [{channel: a, type: float, size: 4,"
                + " labels: {0: Z}}]}")).isInstanceOf(ProfileException.class)
                .hasMessage("t.yaml: codec.steps[0].labels: only uint and int fields have labels");
    }

    @Test
    void minAndMaxConditionsBoundARawValue() throws Exception {
        DeclarativeCodec codec = codec("""
                codec: {type: layout, steps: [
                  {name: n, type: uint, size: 1},
                  {channel: a, at: 0, type: uint, size: 1, when: {field: n, min: 2}},
                  {channel: b, at: 0, type: uint, size: 1, when: {field: n, min: 1, max: 2}}]}
                """);

        assertThat(decode(codec, 1, "00")).isEmpty();
        assertThat(decode(codec, 1, "01")).isEqualTo(Map.of("b", 1.0));
        assertThat(decode(codec, 1, "02")).isEqualTo(Map.of("a", 2.0, "b", 2.0));
        assertThat(decode(codec, 1, "03")).isEqualTo(Map.of("a", 3.0));
        assertThatThrownBy(() -> codec("codec: {type: layout, steps: [{name: n, type: uint, size: 1},"
                + " {channel: a, type: uint, size: 1, when: {field: n, min: 3, max: 2}}]}"))
                .hasMessage("t.yaml: codec.steps[1].when: min 3 above max 2");
    }

    private static final String PROBES = """
            codec: {type: layout, steps: [
              {name: probes, type: uint, size: 1},
              {repeat: {count: probes, max: 3, steps: [
                {name: kind, type: uint, size: 1},
                {channel: "k_{n}", at: 0, type: uint, size: 1, peek: true, when: {field: kind, in: [99]}},
                {channel: "t_{n}", type: int, size: 2, divide: 100}]}},
              {channel: a, type: uint, size: 1, optional: true}]}
            """;

    @Test
    void repeatedRecordsFollowTheirCountAndNameTheirChannelsByNumber() throws Exception {
        DeclarativeCodec codec = codec(PROBES);

        assertThat(decode(codec, 1, "00")).isEmpty();
        assertThat(decode(codec, 1, "02" + "01" + "0898" + "02" + "fc18" + "2a"))
                .containsExactly(Map.entry("t_1", 22.0), Map.entry("t_2", -10.0), Map.entry("a", 42.0));
        assertThat(decode(codec, 1, "03" + "01" + "0001" + "01" + "0002" + "01" + "0003"))
                .containsExactly(Map.entry("t_1", 0.01), Map.entry("t_2", 0.02), Map.entry("t_3", 0.03));
    }

    @Test
    void aRecordCountAboveTheMaximumOrRecordsCutShortAreErrorsNamingTheField() throws Exception {
        DeclarativeCodec codec = codec(PROBES);

        assertThatThrownBy(() -> decode(codec, 1, "04" + "010001")).isInstanceOf(DecodeException.class)
                .hasMessage("t: device 'example', FPort 1: record count 4 is above the 3 the layout allows at byte"
                        + " offset 1 (field 'probes')");
        assertThatThrownBy(() -> decode(codec, 1, "02" + "010898" + "02fc"))
                .hasMessage("t: device 'example', FPort 1: payload ends: needs 2 bytes, 1 left at byte offset 5"
                        + " (field 't_2')");
    }

    @Test
    void repeatedRecordsMustNameTheirChannelsByNumberAndDeclareThem() {
        assertThatThrownBy(() -> codec("""
                codec: {type: layout, steps: [{name: n, type: uint, size: 1},
                  {repeat: {count: n, max: 2, steps: [{channel: a, type: uint, size: 1}]}}]}
                """)).isInstanceOf(ProfileException.class)
                .hasMessage("t.yaml: codec.steps[1].repeat.steps: channel 'a' is emitted by more than one record;"
                        + " put {n} in its name");
        assertThatThrownBy(() -> codec("""
                codec: {type: layout, steps: [{name: n, type: uint, size: 1},
                  {repeat: {count: n, max: 4, steps: [{channel: "t_{n}", type: uint, size: 1}]}}]}
                """)).hasMessage("t.yaml: codec.steps[1].repeat.steps (record 4)[0].channel: 't_4' is not a channel of"
                        + " the profile");
        assertThatThrownBy(() -> codec("""
                codec: {type: layout, steps: [
                  {repeat: {count: n, max: 2, steps: [{channel: "t_{n}", type: uint, size: 1}]}}]}
                """)).hasMessage("t.yaml: codec.steps[0].repeat.count: no field 'n' is read before");
    }
}
