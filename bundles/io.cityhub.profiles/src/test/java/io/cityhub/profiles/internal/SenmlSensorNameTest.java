package io.cityhub.profiles.internal;

import static io.cityhub.profiles.internal.Observations.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.Reading;
import io.cityhub.api.profile.DecodeException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 7 item 7: a sensor that names itself both in the URI and in the base name is not named twice; packs
 * without such a base name keep the channels, and so the reading ids, they had.
 */
class SenmlSensorNameTest {

    private final SenmlJsonCodec codec = new SenmlJsonCodec();

    @Test
    void baseNameStartingWithTheUriSensorIdIsNotRepeatedInTheChannel() throws DecodeException {
        for (String separator : new String[] {"/", ":", "-"}) {
            List<Reading> readings = codec.decode(json("dev-1",
                    "[{\"bn\":\"dev-1" + separator + "\",\"n\":\"c0\",\"v\":1},{\"n\":\"c1\",\"v\":2}]"));

            assertThat(readings).as(separator).extracting(Reading::sensorId).containsOnly("dev-1");
            assertThat(readings).as(separator).extracting(Reading::channel).containsExactly("c0", "c1");
        }
    }

    @Test
    void baseNameEqualToTheUriSensorIdLeavesTheRecordName() throws DecodeException {
        List<Reading> readings = codec.decode(json("dev-1",
                "[{\"bn\":\"dev-1\",\"n\":\"/air/no2\",\"v\":1},{\"n\":\"temp\",\"v\":2}]"));

        assertThat(readings).extracting(Reading::channel).containsExactly("air/no2", "temp");
    }

    @Test
    void theSameReadingGetsTheSameIdWhetherTheSensorNamesItselfOrNot() throws DecodeException {
        Reading named = codec.decode(json("dev-1", "[{\"bn\":\"dev-1/\",\"n\":\"c0\",\"t\":1.8e9,\"v\":1}]")).get(0);
        Reading plain = codec.decode(json("dev-1", "[{\"n\":\"c0\",\"t\":1.8e9,\"v\":1}]")).get(0);

        assertThat(named.id()).isEqualTo(plain.id());
    }

    @Test
    void baseNameThatOnlyLooksLikeTheSensorIdIsKept() throws DecodeException {
        // "dev-10/" starts with "dev-1" but not followed by a separator; "xdev-1/" does not start with it
        assertThat(codec.decode(json("dev-1", "[{\"bn\":\"dev-10/\",\"n\":\"c0\",\"v\":1}]")))
                .extracting(Reading::channel).containsExactly("dev-10/c0");
        assertThat(codec.decode(json("dev-1", "[{\"bn\":\"xdev-1/\",\"n\":\"c0\",\"v\":1}]")))
                .extracting(Reading::channel).containsExactly("xdev-1/c0");
        // the sensor id in the record name, not the base name, is the record's own business
        assertThat(codec.decode(json("dev-1", "[{\"n\":\"dev-1/c0\",\"v\":1}]")))
                .extracting(Reading::channel).containsExactly("dev-1/c0");
    }

    @Test
    void aBaseNameThatIsOnlyTheSensorIdWithoutRecordNameKeepsTheWholeName() throws DecodeException {
        // RFC 8428 §5.1.1 style: nothing would be left for the channel, so the name stays the channel, as before
        assertThat(codec.decode(json("urn:dev:ow:10e2073a01080063", "[{\"bn\":\"urn:dev:ow:10e2073a01080063\","
                + "\"u\":\"Cel\",\"v\":23.1}]"))).extracting(Reading::channel)
                .containsExactly("urn:dev:ow:10e2073a01080063");
    }

    @Test
    void idsOfPacksWithoutSuchABaseNameDoNotChange() throws DecodeException {
        // pinned from the decoder before the rule existed: an uplink that already holds these readings must see
        // the same ids for a retransmission after an upgrade
        Reading inPath = codec.decode(json("lamp-17", "[{\"bn\":\"air/\",\"n\":\"no2\",\"t\":1.8e9,\"v\":41}]")).get(0);
        Reading inName = codec.decode(json(null,
                "[{\"bn\":\"urn:dev:ow:10e2073a01080063:\",\"n\":\"temp\",\"t\":1.8e9,\"v\":23.1}]")).get(0);

        assertThat(inPath.channel()).isEqualTo("air/no2");
        assertThat(inPath.id()).isEqualTo("2243b45c747c9021c2da7bbf76f663f1");
        assertThat(inName.id()).isEqualTo("42e81e8e14ab1cdb359d8e59e3c6939e");
    }
}
