package io.cityhub.profiles.internal;

import static io.cityhub.profiles.internal.Observations.cbor;
import static io.cityhub.profiles.internal.Observations.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.profile.DecodeException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SenmlCborCodecTest {

    /**
     * RFC 8428 §6: the CBOR form of the second §5.1.2 example, integer labels, floats as float64, maps in the
     * order of the RFC's diagnostic notation.
     */
    static final String RFC_6_HEX = "87a721781b75726e3a6465763a6f773a3130653230373361303130383030363a22fb41d303a15b00"
            + "106223614120050067766f6c7461676501615602fb405e066666666666a3006763757272656e74062402fb3ff33333333333"
            + "33a3006763757272656e74062302fb3ff4cccccccccccda3006763757272656e74062202fb3ff6666666666666a300676375"
            + "7272656e74062102fb3ff8000000000000a3006763757272656e74062002fb3ff999999999999aa3006763757272656e7406"
            + "0002fb3ffb333333333333";

    private final SenmlCborCodec codec = new SenmlCborCodec();

    @Test
    void rejectsJsonSentAsCbor() {
        // '[' is 0x5b: a CBOR byte string of 27 bytes, not an array
        assertThatThrownBy(() -> codec.decode(Observations.cborBytes(null, "[{\"n\":\"a:b\",\"v\":1}]".getBytes())))
                .isInstanceOf(DecodeException.class);
    }

    @Test
    void rejectsTextLabelsForDefinedFields() {
        // {"n": "a:b", "v": 1}: string labels are extension labels in CBOR, so the record has no name and no value
        assertThatThrownBy(() -> codec.decode(cbor(null, "81a2616e63613a62617601")))
                .isInstanceOf(DecodeException.class).hasMessageContaining("no value");
    }

    @Test
    void rejectsNanValue() {
        // [{0: "a:b", 2: NaN (half float 0x7e00)}]
        assertThatThrownBy(() -> codec.decode(cbor(null, "81a20063613a6202f97e00")))
                .isInstanceOf(DecodeException.class).hasMessageContaining("finite");
    }

    @Test
    void rejectsByteStringWhereTextExpected() {
        // [{0: h'01', 2: 1}]
        assertThatThrownBy(() -> codec.decode(cbor(null, "81a200410102" + "01")))
                .isInstanceOf(DecodeException.class).hasMessageContaining("'0' must be a text string");
    }

    @Test
    void decodesRfcCborExample() throws DecodeException {
        List<Reading> readings = codec.decode(cbor(null, RFC_6_HEX));

        assertThat(readings).hasSize(7);
        assertThat(readings.get(0).sensorId()).isEqualTo("urn:dev:ow:10e2073a0108006");
        assertThat(readings.get(0).channel()).isEqualTo("voltage");
        assertThat(readings.get(0).unit()).isEqualTo("V");
        assertThat(readings.get(0).value()).isEqualTo(ReadingValue.of(120.1));
        assertThat(readings.get(1).timestamp()).isEqualTo(Instant.ofEpochSecond(1_276_020_071L, 1_000_000));
        assertThat(readings.get(1).unit()).isEqualTo("A");
        assertThat(readings).extracting(Reading::clockQuality).containsOnly(ClockQuality.SYNCHRONISED);
    }

    @Test
    void cborAndJsonOfTheSamePackGiveTheSameReadings() throws DecodeException {
        List<Reading> fromCbor = codec.decode(cbor(null, RFC_6_HEX));
        List<Reading> fromJson = new SenmlJsonCodec().decode(json(null, SenmlJsonCodecTest.RFC_5_1_2_B));

        assertThat(fromCbor).isEqualTo(fromJson);
    }

    @Test
    void decodesBooleanAndStringValuesWithUriSensor() throws DecodeException {
        // [{0: "door", 4: true}, {0: "fw", 3: "1.2"}]
        List<Reading> readings = codec.decode(cbor("cabinet-3", "82a20064646f6f7204f5a200626677036331" + "2e32"));

        assertThat(readings).extracting(Reading::sensorId).containsOnly("cabinet-3");
        assertThat(readings).extracting(Reading::value).containsExactly(ReadingValue.of(true), ReadingValue.of("1.2"));
    }

    @Test
    void hasMediaTypeAsId() {
        assertThat(codec.id()).isEqualTo("application/senml+cbor");
    }
}
