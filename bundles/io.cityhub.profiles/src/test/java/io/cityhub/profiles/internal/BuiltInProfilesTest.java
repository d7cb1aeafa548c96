package io.cityhub.profiles.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.profile.ChannelSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every file in device-profiles/ validates against the schema and decodes its vendor's documented examples. */
class BuiltInProfilesTest {

    static final Path DIRECTORY = Path.of("../../device-profiles");

    @Test
    void everyBuiltInProfileLoadsAndPassesItsExamples() throws Exception {
        ProfileCatalog.Result result = ProfileCatalog.load(new ProfileReader(), ProfileCatalog.directory(DIRECTORY),
                List.of());

        assertThat(result.errors()).isEmpty();
        assertThat(result.profiles()).containsKeys("dragino-lht65", "elsys-ers-co2", "decentlab-dl-ctd10",
                "decentlab-dl-pm", "cayenne-lpp", "senml-coap", "gpio-rain-gauge", "gpio-contact", "bosch-tps110",
                "milesight-ws302", "decentlab-dl-smtp", "milesight-vs121");
    }

    @Test
    void vendorDecodersAreMatchedBitForBit() throws Exception {
        ProfileCatalog.Result result = ProfileCatalog.load(new ProfileReader(), ProfileCatalog.directory(DIRECTORY),
                List.of());

        ProfileDocument pm = result.profiles().get("decentlab-dl-pm").document();
        assertThat(pm.examples().get(0).readings()).containsEntry("air_temperature", 24.35660461425781)
                .containsEntry("air_humidity", 41.63221740722656);
        assertThat(result.profiles().get("dragino-lht65").document().profile().channel("temperature"))
                .contains(new ChannelSpec("temperature", "Cel", -40, 125));
        assertThat(result.profiles().get("dragino-lht65").document().profile().transport()).isEqualTo("lora");
        assertThat(result.profiles().get("decentlab-dl-ctd10").codec().id()).isEqualTo("decentlab-dl-ctd10");
        assertThat(result.profiles().get("gpio-contact").codec()).isNull();
    }
}
