package io.cityhub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Ids must never change between releases: the platform drops duplicates by id, so a reading delivered before an
 * upgrade and again after it must keep its id. The vectors were computed with the first implementation (one
 * MessageDigest update per length byte and per part).
 */
class ReadingIdsTest {

    @Test
    void nonAsciiPartsKeepTheirUtf8Ids() {
        assertThat(ReadingIds.derive("straße-7", "température", "°C")).isEqualTo("5b69d16657281ca9d95f78c6e514cf57");
    }

    @Test
    void emptyPartsAndNoPartsKeepTheirIds() {
        assertThat(ReadingIds.derive()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb924");
        assertThat(ReadingIds.derive("", "x")).isEqualTo("028f0df5b8596fbcd10c9720b7a4784f");
    }

    @Test
    void telemetryAndFrameIdsKeepTheirValues() {
        assertThat(ReadingIds.of("sensor-1", "pm2_5_mass_concentration", "ug/m3",
                Instant.parse("2026-11-30T12:00:00.123456789Z"))).isEqualTo("818fbb0b9c76d2acb71bc2f72cdf777c");
        assertThat(ReadingIds.derive("lora", "70b3d57ed0001717", "0", "42", "payload", ""))
                .isEqualTo("8f8b8f23284b76cf8947b07fceca8171");
        assertThat(ReadingIds.derive("frame", "lora/70b3d57ed0001717/3/42", "temperature", "Cel"))
                .isEqualTo("0180eca1eae314001c4b932d7fc22bee");
    }

    @Test
    void gatewayStampedReadingsOfOneTimeAreToldApartByTheirReceipt() {
        Instant twice = Instant.parse("2026-11-30T12:00:00.123456789Z"); // the clock was set back and showed it again

        String first = ReadingIds.ofReceipt("sensor-1", "temperature", "Cel", twice, "9f2c41d07a3be815:17");
        String second = ReadingIds.ofReceipt("sensor-1", "temperature", "Cel", twice, "9f2c41d07a3be815:4711");

        assertThat(first).isNotEqualTo(second)
                .isEqualTo(ReadingIds.ofReceipt("sensor-1", "temperature", "Cel", twice, "9f2c41d07a3be815:17"))
                .isNotEqualTo(ReadingIds.of("sensor-1", "temperature", "Cel", twice));
    }

    @Test
    void partBoundariesArePartOfTheId() {
        assertThat(ReadingIds.derive("ab", "c")).isNotEqualTo(ReadingIds.derive("a", "bc"));
    }
}
