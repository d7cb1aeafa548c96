package io.cityhub.itest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.filter.FilterResult;
import io.cityhub.api.filter.FilterSpec;
import io.cityhub.api.filter.ProfileFilterDefaults;
import io.cityhub.api.filter.ReadingFilter;
import io.cityhub.api.ingest.RawObservation;
import io.cityhub.api.profile.DeviceProfile;
import io.cityhub.api.profile.DeviceProfileRegistry;
import io.cityhub.api.profile.PayloadCodec;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * In the distribution's runtime: the profile bundle resolves with its embedded YAML and JSON Schema libraries, loads
 * the built-in profiles from inside the bundle, offers each declarative codec as a PayloadCodec service, and serves the
 * profiles' default filters to the edge filter chains.
 */
@ExtendWith(ServiceExtension.class)
class DeviceProfilesTest {

    @Test
    void builtInProfilesAreServed(@InjectService(timeout = 10_000) DeviceProfileRegistry registry) {
        assertThat(registry.profiles()).extracting(DeviceProfile::id).contains("dragino-lht65", "elsys-ers-co2",
                "decentlab-dl-ctd10", "decentlab-dl-pm", "cayenne-lpp", "senml-coap", "gpio-rain-gauge",
                "gpio-contact", "bosch-tps110", "milesight-ws302", "decentlab-dl-smtp",
                "milesight-vs121");
        assertThat(registry.profile("dragino-lht65")).map(DeviceProfile::codecId).contains("dragino-lht65");
    }

    @Test
    void declarativeCodecIsAServiceThatDecodes(
            @InjectService(timeout = 10_000, filter = "(" + PayloadCodec.CODEC_ID + "=dragino-lht65)")
            PayloadCodec codec) throws Exception {
        RawObservation observation = new RawObservation("lht-1", codec.id(),
                HexFormat.of().parseHex("cbf60b0d0376010add7fff"), Instant.parse("2026-11-30T12:00:00Z"),
                ClockQuality.SYNCHRONISED, Priority.TELEMETRY,
                new SourceMetadata("lora", null, null, Map.of("fPort", "2")));

        List<Reading> readings = codec.decode(observation);

        assertThat(readings).extracting(Reading::channel).containsExactly("battery", "battery_status", "temperature",
                "humidity", "external_temperature");
        assertThat(readings.get(2).unit()).isEqualTo("Cel");
    }

    @Test
    void profileDefaultFiltersReachTheChainOfASensorWhoseSourceNamesTheProfile(
            @InjectService(timeout = 10_000) ProfileFilterDefaults defaults,
            @InjectService(timeout = 10_000) ReadingFilter filter) {
        assertThat(defaults.defaultFilters("dragino-lht65", "temperature")).singleElement()
                .extracting(FilterSpec::type).isEqualTo("deadband");
        SourceMetadata source = new SourceMetadata("lora", null, null,
                Map.of(SourceMetadata.PROFILE, "dragino-lht65"));
        Instant t0 = Instant.parse("2026-11-30T12:00:00Z");
        // the profile's deadband (0.1 Cel) holds back 20.05; its range (-40..125 Cel) drops 200
        List<Reading> in = List.of(temperature(20.0, t0, source), temperature(20.05, t0.plusSeconds(60), source),
                temperature(200, t0.plusSeconds(120), source), temperature(21.0, t0.plusSeconds(180), source));

        FilterResult result = filter.filter(in);

        assertThat(result.passed()).extracting(Reading::value).containsExactly(ReadingValue.of(20.0),
                ReadingValue.of(21.0));
        assertThat(result.filtered()).isEqualTo(2);
    }

    private static Reading temperature(double value, Instant at, SourceMetadata source) {
        return Reading.of("itest-lht-9", "temperature", ReadingValue.of(value), "Cel", at, ClockQuality.SYNCHRONISED,
                source);
    }

    @Test
    void cayenneLppIsAService(
            @InjectService(timeout = 10_000, filter = "(" + PayloadCodec.CODEC_ID + "=cayenne-lpp)")
            PayloadCodec codec) {
        assertThat(codec.id()).isEqualTo("cayenne-lpp");
    }
}
