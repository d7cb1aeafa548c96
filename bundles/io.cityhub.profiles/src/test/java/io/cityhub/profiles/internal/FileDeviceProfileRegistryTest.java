package io.cityhub.profiles.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cityhub.api.filter.FilterSpec;
import io.cityhub.api.profile.DeviceProfile;
import io.cityhub.api.profile.PayloadCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading from the built-in set and a technician's directory; broken files; codec services. */
class FileDeviceProfileRegistryTest {

    @TempDir
    Path directory;

    private final List<String> registered = new ArrayList<>();

    private FileDeviceProfileRegistry registry(String dir, String... sensors) {
        return new FileDeviceProfileRegistry(DeviceProfileRegistryOptions.from(dir, sensors),
                () -> {
                    try {
                        return ProfileCatalog.directory(BuiltInProfilesTest.DIRECTORY);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                },
                (PayloadCodec codec) -> {
                    registered.add(codec.id());
                    return () -> registered.remove(codec.id());
                });
    }

    @Test
    void servesBuiltInProfilesAndRegistersEachDeclarativeCodec() {
        FileDeviceProfileRegistry registry = registry("", "lht-1=dragino-lht65");

        assertThat(registry.profiles()).extracting(DeviceProfile::id).contains("dragino-lht65", "cayenne-lpp");
        assertThat(registry.profileOf("lht-1")).map(DeviceProfile::model).contains("LHT65");
        assertThat(registry.profileOf("other")).isEmpty();
        assertThat(registered).contains("dragino-lht65", "elsys-ers-co2", "decentlab-dl-ctd10", "decentlab-dl-pm",
                "bosch-tps110").doesNotContain("cayenne-lpp", "senml-coap", "gpio-contact");

        registry.deactivate();
        assertThat(registered).isEmpty();
    }

    @Test
    void brokenFileIsRejectedWithItsReasonAndTheOthersLoad() throws Exception {
        Files.writeString(directory.resolve("broken.yaml"), "id: broken\nvendor: [unclosed\n");
        Files.writeString(directory.resolve("no-codec.yaml"), "id: no-codec\nvendor: x\nmodel: y\ntransport: coap\n"
                + "channels: []\n");
        Files.writeString(directory.resolve("my-sensor.yaml"), """
                id: my-sensor
                vendor: acme
                model: T1
                transport: lorawan
                lorawan: {class: A, regions: [EU868]}
                channels: [{name: t, quantity: temperature, unit: Cel}]
                codec: {type: layout, fports: [1], length: 2, steps: [{channel: t, type: int, size: 2, divide: 10}]}
                examples: [{description: minus 1.5, fport: 1, hex: "fff1", readings: {t: -1.5}}]
                """, StandardCharsets.UTF_8);

        FileDeviceProfileRegistry registry = registry(directory.toString());

        assertThat(registry.profile("my-sensor")).isPresent();
        assertThat(registry.profile("dragino-lht65")).isPresent();
        assertThat(registry.profile("broken")).isEmpty();
        assertThat(registry.rejected()).hasSize(2);
        // named by their full path: a technician's file, not a built-in profile of the same name
        assertThat(registry.rejected()).anySatisfy(e -> assertThat(e)
                .startsWith(directory.resolve("broken.yaml") + ": not valid YAML"));
        assertThat(registry.rejected()).anySatisfy(e -> assertThat(e)
                .startsWith(directory.resolve("no-codec.yaml") + ": does not match the schema").contains("codec"));
        assertThat(registered).contains("my-sensor");
    }

    @Test
    void filtersOnAChannelTheProfileDoesNotDeclareRejectTheProfile() throws Exception {
        Files.writeString(directory.resolve("stray-filter.yaml"), """
                id: stray-filter
                vendor: acme
                model: T1
                transport: lorawan
                channels: [{name: t, quantity: temperature, unit: Cel}]
                codec: {type: layout, steps: [{channel: t, type: int, size: 2, divide: 10}]}
                filters: {temp: [{type: deadband, mode: absolute, band: 1, heartbeat.seconds: 60}]}
                """, StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("odd-filter.yaml"), """
                id: odd-filter
                vendor: acme
                model: T1
                transport: lorawan
                channels: [{name: t, quantity: temperature, unit: Cel}]
                codec: {type: layout, steps: [{channel: t, type: int, size: 2, divide: 10}]}
                filters: {t: [{type: smooth, window: 3}]}
                """, StandardCharsets.UTF_8);

        FileDeviceProfileRegistry registry = registry(directory.toString());

        assertThat(registry.profile("stray-filter")).isEmpty();
        assertThat(registry.profile("odd-filter")).isEmpty();
        assertThat(registry.rejected()).anySatisfy(e -> assertThat(e)
                .isEqualTo(directory.resolve("stray-filter.yaml")
                        + ": filters name channel 'temp', which the profile does not declare"));
        assertThat(registry.rejected()).anySatisfy(e -> assertThat(e)
                .startsWith(directory.resolve("odd-filter.yaml") + ": does not match"));
    }

    @Test
    void servesEachProfilesDefaultFiltersInOrderWithTextParameters() throws Exception {
        Files.writeString(directory.resolve("two-filters.yaml"), """
                id: two-filters
                vendor: acme
                model: T1
                transport: lorawan
                channels: [{name: t, quantity: temperature, unit: Cel}, {name: h, quantity: humidity, unit: "%RH"}]
                codec: {type: layout, steps: [{channel: t, type: int, size: 2, divide: 10}]}
                filters:
                  t:
                    - {type: outlier, window: 5}
                    - {type: deadband, mode: percent, band: 2.5, heartbeat.seconds: 900}
                """, StandardCharsets.UTF_8);

        FileDeviceProfileRegistry registry = registry(directory.toString());

        assertThat(registry.defaultFilters("two-filters", "t")).containsExactly(
                new FilterSpec("outlier", Map.of("window", "5")),
                new FilterSpec("deadband", Map.of("mode", "percent", "band", "2.5", "heartbeat.seconds", "900")));
        assertThat(registry.defaultFilters("two-filters", "h")).isEmpty();
        assertThat(registry.defaultFilters("no-such-profile", "t")).isEmpty();
        assertThat(registry.defaultFilters("dragino-lht65", "temperature")).containsExactly(new FilterSpec(
                "deadband", Map.of("mode", "absolute", "band", "0.1", "heartbeat.seconds", "3600")));
    }

    @Test
    void aReloadServesTheEditedFileAndAnnouncesANewRevision() throws Exception {
        Path file = directory.resolve("edited.yaml");
        String profile = """
                id: edited
                vendor: acme
                model: T1
                transport: lorawan
                channels: [{name: t, quantity: temperature, unit: Cel}]
                codec: {type: layout, steps: [{channel: t, type: int, size: 2, divide: 10}]}
                filters: {t: [{type: deadband, mode: absolute, band: BAND, heartbeat.seconds: 900}]}
                """;
        Files.writeString(file, profile.replace("BAND", "1"), StandardCharsets.UTF_8);
        DeviceProfileRegistryOptions options = DeviceProfileRegistryOptions.from(directory.toString(), new String[0]);
        FileDeviceProfileRegistry registry = registry(directory.toString());
        long before = registry.revision();

        Files.writeString(file, profile.replace("BAND", "5"), StandardCharsets.UTF_8);
        assertThat(registry.defaultFilters("edited", "t").get(0).parameters()).containsEntry("band", "1");
        registry.reload(options);

        assertThat(registry.revision()).isNotEqualTo(before);
        assertThat(registry.defaultFilters("edited", "t").get(0).parameters()).containsEntry("band", "5");
    }

    @Test
    void profileWhoseExampleDoesNotDecodeAsDocumentedIsRejected() throws Exception {
        Files.writeString(directory.resolve("wrong-example.yaml"), """
                id: wrong-example
                vendor: acme
                model: T1
                transport: lorawan
                channels: [{name: t, quantity: temperature, unit: Cel}]
                codec: {type: layout, steps: [{channel: t, type: int, size: 2, divide: 10}]}
                examples: [{description: claims 1.6, hex: "0010", readings: {t: 1.5}}]
                """, StandardCharsets.UTF_8);

        FileDeviceProfileRegistry registry = registry(directory.toString());

        assertThat(registry.profile("wrong-example")).isEmpty();
        assertThat(registry.rejected()).singleElement().asString()
                .isEqualTo(directory.resolve("wrong-example.yaml")
                        + ": example 1 (claims 1.6): decoded {t=1.6}, documented {t=1.5}");
    }

    @Test
    void localFileReplacesTheBuiltInProfileOfTheSameId() throws Exception {
        String builtIn = Files.readString(BuiltInProfilesTest.DIRECTORY.resolve("gpio-contact.yaml"));
        Files.writeString(directory.resolve("gpio-contact.yaml"), builtIn.replace("model: dry contact (reed switch)",
                "model: door contact rev 2"));

        assertThat(registry(directory.toString()).profile("gpio-contact")).map(DeviceProfile::model)
                .contains("door contact rev 2");
    }

    @Test
    void fileNameMustBeTheId() throws Exception {
        String builtIn = Files.readString(BuiltInProfilesTest.DIRECTORY.resolve("gpio-contact.yaml"));
        Files.writeString(directory.resolve("contact.yaml"), builtIn);

        assertThat(registry(directory.toString()).rejected()).singleElement().asString()
                .isEqualTo(directory.resolve("contact.yaml")
                        + ": id 'gpio-contact' does not match the file name (expected gpio-contact.yaml)");
    }

    @Test
    void refusesRelativeDirectoryAndMalformedSensorEntries() {
        assertThatThrownBy(() -> DeviceProfileRegistryOptions.from("profiles", new String[0]))
                .hasMessage("io.cityhub.profiles.DeviceProfileRegistry: attribute 'profiles.directory' has invalid"
                        + " value 'profiles'; expected an absolute path or empty");
        assertThatThrownBy(() -> DeviceProfileRegistryOptions.from("", new String[] {"lht-1"}))
                .hasMessage("io.cityhub.profiles.DeviceProfileRegistry: attribute 'sensor.profiles' has invalid"
                        + " value 'lht-1'; expected sensorId=profileId");
    }
}
