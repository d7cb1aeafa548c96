package io.cityhub.itest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.filter.ProfileFilterDefaults;
import io.cityhub.api.filter.ReadingFilter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * A technician edits a profile's default filters in the profile directory and applies the registry's configuration
 * again, unchanged: the registry reloads, and the filter chains of sensors using that profile follow without a
 * restart of the filter service.
 */
@ExtendWith(ServiceExtension.class)
class ProfileReloadTest {

    private static final String PID = "io.cityhub.profiles.DeviceProfileRegistry";

    private static final String PROFILE = """
            id: itest-reload
            vendor: acme
            model: R1
            transport: lorawan
            channels: [{name: t, quantity: temperature, unit: Cel, min: -40, max: 85}]
            codec: {type: layout, steps: [{channel: t, type: int, size: 2, divide: 10}]}
            filters: {t: [{type: deadband, mode: absolute, band: BAND, heartbeat.seconds: 900}]}
            """;

    @Test
    void editedDefaultFiltersApplyToTheChainsAfterTheRegistryReloads(
            @InjectService(timeout = 10_000) ConfigurationAdmin cm,
            @InjectService(timeout = 10_000) ProfileFilterDefaults defaults,
            @InjectService(timeout = 10_000) ReadingFilter filter) throws Exception {
        Path directory = Files.createTempDirectory("itest-profiles");
        Path file = directory.resolve("itest-reload.yaml");
        Files.writeString(file, PROFILE.replace("BAND", "1"), StandardCharsets.UTF_8);
        Configuration configuration = cm.getConfiguration(PID, "?");
        Dictionary<String, Object> original = copy(configuration.getProperties());
        Dictionary<String, Object> withDirectory = copy(original);
        withDirectory.put("profiles.directory", directory.toString());
        try {
            configuration.update(withDirectory);
            Awaits.until("the profile directory is loaded", () -> assertThat(defaults.defaultFilters(
                    "itest-reload", "t")).singleElement().satisfies(f -> assertThat(f.parameters())
                    .containsEntry("band", "1")));
            Instant t0 = Instant.parse("2026-12-01T08:00:00Z");
            assertThat(filter.filter(List.of(t(20, t0), t(20.5, t0.plusSeconds(60)))).passed())
                    .extracting(Reading::value).containsExactly(ReadingValue.of(20.0));

            Files.writeString(file, PROFILE.replace("BAND", "10"), StandardCharsets.UTF_8);
            configuration.update(copy(withDirectory)); // applied again as it was: same properties
            Awaits.until("the edited file is loaded", () -> assertThat(defaults.defaultFilters(
                    "itest-reload", "t")).singleElement().satisfies(f -> assertThat(f.parameters())
                    .containsEntry("band", "10")));

            // a new chain: its first value passes, then the 10 Cel band holds back what the 1 Cel band would send
            assertThat(filter.filter(List.of(t(25, t0.plusSeconds(120)), t(30, t0.plusSeconds(180)))).passed())
                    .extracting(Reading::value).containsExactly(ReadingValue.of(25.0));
        } finally {
            configuration.update(original);
        }
    }

    private static Reading t(double value, Instant at) {
        return Reading.of("itest-reload-1", "t", ReadingValue.of(value), "Cel", at, ClockQuality.SYNCHRONISED,
                new SourceMetadata("lora", null, null, Map.of(SourceMetadata.PROFILE, "itest-reload")));
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> properties) {
        Dictionary<String, Object> copy = new Hashtable<>();
        if (properties != null) {
            for (var keys = properties.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                copy.put(key, properties.get(key));
            }
        }
        return copy;
    }
}
