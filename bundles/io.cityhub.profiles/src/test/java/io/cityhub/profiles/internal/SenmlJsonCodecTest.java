package io.cityhub.profiles.internal;

import static io.cityhub.profiles.internal.Observations.RECEIVED;
import static io.cityhub.profiles.internal.Observations.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingIds;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.ingest.RawObservation;
import io.cityhub.api.profile.DecodeException;
import io.cityhub.profiles.senml.Rfc8428Examples;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SenmlJsonCodecTest {

    private final SenmlJsonCodec codec = new SenmlJsonCodec();

    /** RFC 8428 §5.1.2, second example (also the source of the §6 CBOR example). */
    static final String RFC_5_1_2_B = Rfc8428Examples.MULTIPLE_DATAPOINTS_JSON;

    @Test
    void rejectsMustUnderstandLabel() {
        assertThatThrownBy(() -> codec.decode(json(null, "[{\"n\":\"a:b\",\"v\":1,\"foo_\":1}]")))
                .isInstanceOf(DecodeException.class).hasMessageContaining("foo_");
    }

    @Test
    void rejectsNewerSenmlVersion() {
        assertThatThrownBy(() -> codec.decode(json(null, "[{\"bver\":11,\"n\":\"a:b\",\"v\":1}]")))
                .isInstanceOf(DecodeException.class).hasMessageContaining("version 11");
    }

    @Test
    void rejectsDataValue() {
        assertThatThrownBy(() -> codec.decode(json(null, "[{\"n\":\"a:b\",\"vd\":\"AAEC\"}]")))
                .isInstanceOf(DecodeException.class).hasMessageContaining("vd");
    }

    @Test
    void rejectsNameThatCannotBeSplitWithoutSensorId() {
        assertThatThrownBy(() -> codec.decode(json(null, "[{\"n\":\"temperature\",\"v\":1}]")))
                .isInstanceOf(DecodeException.class).hasMessageContaining("cannot split name 'temperature'");
    }

    @Test
    void rejectsNameWithCharactersOutsideRfc() {
        assertThatThrownBy(() -> codec.decode(json("s1", "[{\"n\":\"temp erature\",\"v\":1}]")))
                .isInstanceOf(DecodeException.class).hasMessageContaining("§4.5.1");
        assertThatThrownBy(() -> codec.decode(json("s1", "[{\"n\":\"-temp\",\"v\":1}]")))
                .isInstanceOf(DecodeException.class).hasMessageContaining("§4.5.1");
    }

    @Test
    void ignoresSumOnlyRecordsAndUnknownLabels() throws DecodeException {
        List<Reading> readings = codec.decode(json("s1",
                "[{\"n\":\"energy\",\"s\":42.5},{\"n\":\"power\",\"v\":3,\"s\":7,\"x-vendor\":{\"deep\":[1]}}]"));

        assertThat(readings).singleElement().satisfies(r -> {
            assertThat(r.channel()).isEqualTo("power");
            assertThat(r.value()).isEqualTo(ReadingValue.of(3.0));
        });
    }

    @Test
    void decodesRfcSingleDatapoint() throws DecodeException {
        // RFC 8428 §5.1.1; no time: stamped with the receive time and the receiver's clock quality
        List<Reading> readings =
                codec.decode(json(null, "[{\"n\":\"urn:dev:ow:10e2073a01080063\",\"u\":\"Cel\",\"v\":23.1}]"));

        assertThat(readings).containsExactly(Reading.of("urn:dev:ow", "10e2073a01080063", ReadingValue.of(23.1), "Cel",
                RECEIVED, ClockQuality.UNSYNCHRONISED, SourceMetadata.of("coap")));
    }

    @Test
    void decodesRfcMultipleDatapointsWithBaseName() throws DecodeException {
        // RFC 8428 §5.1.2, first example
        List<Reading> readings = codec.decode(json(null, """
                [
                  {"bn":"urn:dev:ow:10e2073a01080063:","n":"voltage","u":"V","v":120.1},
                  {"n":"current","u":"A","v":1.2}
                ]"""));

        assertThat(readings).extracting(Reading::sensorId, Reading::channel, Reading::value, Reading::unit)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "urn:dev:ow:10e2073a01080063", "voltage", ReadingValue.of(120.1), "V"),
                        org.assertj.core.groups.Tuple.tuple(
                                "urn:dev:ow:10e2073a01080063", "current", ReadingValue.of(1.2), "A"));
    }

    @Test
    void decodesRfcMultipleDatapointsWithAbsoluteBaseTime() throws DecodeException {
        List<Reading> readings = codec.decode(json(null, RFC_5_1_2_B));

        assertThat(readings).hasSize(7);
        Reading voltage = readings.get(0);
        assertThat(voltage.sensorId()).isEqualTo("urn:dev:ow:10e2073a0108006");
        assertThat(voltage.channel()).isEqualTo("voltage");
        assertThat(voltage.unit()).isEqualTo("V");
        assertThat(voltage.timestamp()).isEqualTo(Instant.ofEpochSecond(1_276_020_076L, 1_000_000));
        assertThat(voltage.clockQuality()).isEqualTo(ClockQuality.SYNCHRONISED);
        Reading first = readings.get(1);
        assertThat(first.unit()).as("base unit").isEqualTo("A");
        assertThat(first.value()).isEqualTo(ReadingValue.of(1.2));
        assertThat(first.timestamp()).isEqualTo(Instant.ofEpochSecond(1_276_020_071L, 1_000_000));
        assertThat(readings.get(6).timestamp()).isEqualTo(Instant.ofEpochSecond(1_276_020_076L, 1_000_000));
        assertThat(readings).extracting(Reading::id).doesNotHaveDuplicates();
        assertThat(first.id())
                .isEqualTo(ReadingIds.of(first.sensorId(), first.channel(), first.unit(), first.timestamp()));
    }

    @Test
    void decodesRfcMultipleMeasurements() throws DecodeException {
        // RFC 8428 §5.1.3
        List<Reading> readings = codec.decode(json(null, """
                [
                  {"bn":"urn:dev:ow:10e2073a01080063","bt":1.320067464e+09,
                   "bu":"%RH","v":20},
                  {"u":"lon","v":24.30621},
                  {"u":"lat","v":60.07965},
                  {"t":60,"v":20.3},
                  {"u":"lon","t":60,"v":24.30622},
                  {"u":"lat","t":60,"v":60.07965},
                  {"t":120,"v":20.7},
                  {"u":"lon","t":120,"v":24.30623},
                  {"u":"lat","t":120,"v":60.07966},
                  {"u":"%EL","t":150,"v":98},
                  {"t":180,"v":21.2},
                  {"u":"lon","t":180,"v":24.30628},
                  {"u":"lat","t":180,"v":60.07967}
                ]"""));

        assertThat(readings).hasSize(13);
        assertThat(readings).extracting(Reading::unit).containsExactly("%RH", "lon", "lat", "%RH", "lon", "lat",
                "%RH", "lon", "lat", "%EL", "%RH", "lon", "lat");
        assertThat(readings.get(9).timestamp()).isEqualTo(Instant.ofEpochSecond(1_320_067_464L + 150));
        assertThat(readings.get(9).value()).isEqualTo(ReadingValue.of(98.0));
        assertThat(readings).allSatisfy(r -> assertThat(r.clockQuality()).isEqualTo(ClockQuality.SYNCHRONISED));
        // RFC 8428 §5.1.3 reports three quantities under one name at one time, told apart only by unit: the unit is
        // part of the id, so the platform's duplicate check keeps all three
        assertThat(readings).extracting(Reading::id).doesNotHaveDuplicates();
    }

    @Test
    void usesUriSensorIdAndWholeNameAsChannel() throws DecodeException {
        List<Reading> readings = codec.decode(
                json(
                        "lamp-17",
                        "[{\"bn\":\"air/\",\"n\":\"no2\",\"u\":\"ug/m3\",\"v\":41},{\"n\":\"door\",\"vb\":true},"
                                + "{\"n\":\"fw\",\"vs\":\"1.2.3\"}]"));

        assertThat(readings).extracting(Reading::sensorId).containsOnly("lamp-17");
        assertThat(readings).extracting(Reading::channel).containsExactly("air/no2", "air/door", "air/fw");
        assertThat(readings).extracting(Reading::value)
                .containsExactly(ReadingValue.of(41.0), ReadingValue.of(true), ReadingValue.of("1.2.3"));
        assertThat(readings).extracting(Reading::unit).containsExactly("ug/m3", "", "");
    }

    @Test
    void addsBaseValueToNumericValues() throws DecodeException {
        List<Reading> readings =
                codec.decode(json("s", "[{\"bv\":1000,\"n\":\"count\",\"v\":5},{\"n\":\"count\",\"t\":1,\"v\":-3}]"));

        assertThat(readings)
                .extracting(Reading::value)
                .containsExactly(ReadingValue.of(1005.0), ReadingValue.of(997.0));
    }

    @Test
    void resolvesRelativeTimesAgainstReceiveTimeWithReceiverClock() throws DecodeException {
        RawObservation obs = new RawObservation(
                null,
                SenmlJsonCodec.ID,
                "[{\"bn\":\"dev1:\",\"bt\":-60,\"n\":\"t\",\"v\":1},{\"n\":\"t\",\"t\":30.5,\"v\":2}]"
                        .getBytes(StandardCharsets.UTF_8),
                RECEIVED,
                ClockQuality.SYNCHRONISED,
                Priority.SAFETY,
                SourceMetadata.of("coap"));

        List<Reading> readings = codec.decode(obs);

        assertThat(readings).extracting(Reading::timestamp)
                .containsExactly(RECEIVED.minusSeconds(60), RECEIVED.minusMillis(29_500));
        assertThat(readings).extracting(Reading::clockQuality).containsOnly(ClockQuality.SYNCHRONISED);
        assertThat(readings).extracting(Reading::priority).containsOnly(Priority.SAFETY);
    }

    @Test
    void laterBaseFieldsReplaceEarlierOnes() throws DecodeException {
        List<Reading> readings = codec.decode(
                json(
                        null,
                        "[{\"bn\":\"a:\",\"bu\":\"V\",\"n\":\"x\",\"v\":1},{\"bn\":\"b:\",\"n\":\"x\",\"v\":2},"
                                + "{\"bu\":\"A\",\"n\":\"y\",\"v\":3}]"));

        assertThat(readings).extracting(Reading::sensorId).containsExactly("a", "b", "b");
        assertThat(readings).extracting(Reading::unit).containsExactly("V", "V", "A");
    }

    @Test
    void sameObservationGivesSameIds() throws DecodeException {
        assertThat(codec.decode(json(null, RFC_5_1_2_B))).isEqualTo(codec.decode(json(null, RFC_5_1_2_B)));
    }

    @Test
    void hasMediaTypeAsId() {
        assertThat(codec.id()).isEqualTo("application/senml+json");
    }
}
