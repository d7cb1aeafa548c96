package io.cityhub.filter.internal;

import static io.cityhub.filter.internal.Fixtures.params;
import static io.cityhub.filter.internal.Fixtures.reading;
import static io.cityhub.filter.internal.Fixtures.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.Reading;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.filter.FilterResult;
import io.cityhub.api.filter.FilterSpec;
import io.cityhub.api.filter.ProfileFilterDefaults;
import io.cityhub.api.profile.ChannelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelFilterServiceTest {

    @TempDir
    Path dir;

    private ChannelFilterService service() {
        return new ChannelFilterService(new WindowStore(dir.resolve(ChannelFilterService.STATE_FILE)), null);
    }

    private static final ProfileFilterDefaults DEADBAND_AND_HOURLY = (profile, channel) -> switch (channel) {
        case "t" -> List.of(new FilterSpec("deadband", params("mode", "absolute", "band", "0.5",
                "heartbeat.seconds", "900")));
        case "rain" -> List.of(new FilterSpec("aggregate", params("window.seconds", "3600", "functions", "count,max")));
        default -> List.of();
    };

    @Test
    void withoutProfileOrOverrideEverythingPasses() {
        ChannelFilterService filter = service();
        List<Reading> in = List.of(reading("s1", "t", 20, "Cel", 0), reading("s1", "t", 20, "Cel", 1));
        FilterResult result = filter.filter(in);
        assertThat(result.passed()).isEqualTo(in);
        assertThat(result.filtered()).isZero();
    }

    @Test
    void profileDefaultsFilterPerSensorChannelAndAreCounted() {
        ChannelFilterService filter = service();
        filter.bindRegistry(new Fixtures.Registry(List.of("s1", "s2"), new ChannelSpec("t", "Cel", -40, 85)));
        filter.bindDefaults(DEADBAND_AND_HOURLY);
        FilterResult result = filter.filter(List.of(reading("s1", "t", 20, "Cel", 0),
                reading("s1", "t", 20.2, "Cel", 60), reading("s2", "t", 20.2, "Cel", 60),
                reading("s1", "t", 200, "Cel", 120), reading("s1", "t", 294.15, "K", 180)));
        assertThat(result.passed()).extracting(Reading::sensorId).containsExactly("s1", "s2", "s1");
        assertThat(value(result.passed().get(2))).isEqualTo(21.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(result.filtered()).isEqualTo(2);
        assertThat(filter.health()).containsEntry("s1/t.in", 4L).containsEntry("s1/t.out", 2L)
                .containsEntry("s1/t.dropped.deadband", 1L).containsEntry("s1/t.dropped.range", 1L)
                .containsEntry("s2/t.in", 1L).containsEntry("filtered", 2L).containsEntry("in", 5L);
    }

    @Test
    void aSensorTheRegistryDoesNotMapIsFilteredByTheProfileItsSourceNames() {
        ChannelFilterService filter = service();
        filter.bindRegistry(new Fixtures.Registry(List.of(), new ChannelSpec("t", "Cel", -40, 85)));
        filter.bindDefaults(DEADBAND_AND_HOURLY);
        FilterResult unnamed = filter.filter(List.of(reading("s9", "t", 20, "Cel", 0),
                reading("s9", "t", 20.2, "Cel", 60)));
        assertThat(unnamed.filtered()).isZero();

        FilterResult named = filter.filter(List.of(profiled("s9", 20, 120), profiled("s9", 20.2, 180),
                profiled("s9", 200, 240), profiled("s9", 21, 300)));

        assertThat(named.passed()).extracting(Fixtures::value).containsExactly(20.0, 21.0);
        assertThat(named.filtered()).isEqualTo(2);
        assertThat(filter.health()).containsEntry("s9/t.dropped.deadband", 1L).containsEntry("s9/t.dropped.range", 1L);
    }

    @Test
    void aSourceNamingAnUnknownProfileLeavesItsReadingsUnfiltered() {
        ChannelFilterService filter = service();
        filter.bindRegistry(new Fixtures.Registry(List.of(), new ChannelSpec("t", "Cel", -40, 85)));
        filter.bindDefaults(DEADBAND_AND_HOURLY);
        Reading first = reading("s9", "t", 20, "Cel", 0);
        Reading unknown = new Reading(first.id(), "s9", "t", first.value(), "Cel", first.timestamp(),
                first.clockQuality(), first.priority(), new SourceMetadata("lora", null, null,
                        Map.of(SourceMetadata.PROFILE, "no-such-profile")));

        FilterResult result = filter.filter(List.of(unknown, unknown));

        assertThat(result.filtered()).isZero();
    }

    private static Reading profiled(String sensor, double value, long secondsAfterT0) {
        Reading r = reading(sensor, "t", value, "Cel", secondsAfterT0);
        return new Reading(r.id(), sensor, "t", r.value(), "Cel", r.timestamp(), r.clockQuality(), r.priority(),
                new SourceMetadata("lora", null, null, Map.of(SourceMetadata.PROFILE, "test-th")));
    }

    @Test
    void overrideReplacesTheProfileDefaultsForThatSensorOnly() {
        ChannelFilterService filter = service();
        filter.bindRegistry(new Fixtures.Registry(List.of("s1", "s2"), new ChannelSpec("t", "Cel", -40, 85)));
        filter.bindDefaults(DEADBAND_AND_HOURLY);
        filter.filter(List.of(reading("s1", "t", 20, "Cel", 0), reading("s2", "t", 20, "Cel", 0)));
        filter.addOverride(override("s1", "t", List.of(new FilterSpec("range", params("action", "flag")))));
        FilterResult result = filter.filter(List.of(reading("s1", "t", 20.1, "Cel", 10),
                reading("s1", "t", 100, "Cel", 20), reading("s2", "t", 20.1, "Cel", 10)));
        assertThat(result.passed()).extracting(Reading::sensorId).containsExactly("s1", "s1");
        assertThat(result.passed().get(1).source().attributes()).containsEntry("filter.flag", "out-of-range");
        assertThat(result.filtered()).isEqualTo(1);
    }

    @Test
    void brokenProfileDefaultsLeaveOnlyThatChannelUnfilteredAndSayWhy() {
        ChannelFilterService filter = service();
        filter.bindRegistry(new Fixtures.Registry(List.of("s1"), new ChannelSpec("t", "Cel", -40, 85),
                new ChannelSpec("h", "%RH", 0, 100)));
        filter.bindDefaults((profile, channel) -> channel.equals("h")
                ? List.of(new FilterSpec("deadband", params("mode", "absolute", "band", "x", "heartbeat.seconds", "1")))
                : List.of());
        FilterResult result = filter.filter(List.of(reading("s1", "h", 150, "%RH", 0),
                reading("s1", "t", 150, "Cel", 0)));
        assertThat(result.passed()).extracting(Reading::channel).containsExactly("h");
        assertThat((String) filter.health().get("s1/h.problem"))
                .isEqualTo("profile test-th channel h: attribute 'deadband.band' has invalid value 'x'; expected a"
                        + " number between 0.0 and 1000000.0");
    }

    private static List<FilterSpec> deadband(String band) {
        return List.of(new FilterSpec("deadband", params("mode", "absolute", "band", band, "heartbeat.seconds",
                "900")));
    }

    @Test
    void editedProfileDefaultsApplyAfterTheRegistryReloadsWithoutARestart() {
        ChannelFilterService filter = service();
        Fixtures.Registry registry = new Fixtures.Registry(List.of("s1"), new ChannelSpec("t", "Cel", -40, 85));
        AtomicReference<List<FilterSpec>> declared = new AtomicReference<>(deadband("0.5"));
        filter.bindRegistry(registry);
        filter.bindDefaults((profile, channel) -> declared.get());
        assertThat(filter.filter(List.of(reading("s1", "t", 20, "Cel", 0), reading("s1", "t", 21, "Cel", 60)))
                .passed()).extracting(Fixtures::value).containsExactly(20.0, 21.0);

        declared.set(deadband("5")); // the file is edited, but not yet reloaded: the chain stays as it was
        assertThat(filter.filter(List.of(reading("s1", "t", 22, "Cel", 120))).passed()).hasSize(1);

        registry.revision++; // the registry reloads its directory
        FilterResult reloaded = filter.filter(List.of(reading("s1", "t", 23, "Cel", 180),
                reading("s1", "t", 26, "Cel", 240), reading("s1", "t", 28.5, "Cel", 300)));

        // a new chain: its first value is sent, then the 5 Cel band holds back what the 0.5 band would have sent
        assertThat(reloaded.passed()).extracting(Fixtures::value).containsExactly(23.0, 28.5);
        assertThat(reloaded.filtered()).isEqualTo(1);
    }

    @Test
    void aReloadThatLeavesAChannelsChainAsItWasKeepsItsState() {
        ChannelFilterService filter = service();
        Fixtures.Registry registry = new Fixtures.Registry(List.of("s1"), new ChannelSpec("t", "Cel", -40, 85));
        filter.bindRegistry(registry);
        filter.bindDefaults((profile, channel) -> deadband("0.5"));
        filter.filter(List.of(reading("s1", "t", 20, "Cel", 0)));

        registry.revision++;
        FilterResult after = filter.filter(List.of(reading("s1", "t", 20.2, "Cel", 60)));

        assertThat(after.passed()).isEmpty(); // still compared with the 20 sent before the reload
        assertThat(after.filtered()).isEqualTo(1);
    }

    @Test
    void updatedServicePropertiesOfTheDefaultsRebuildTheChains() {
        ChannelFilterService filter = service();
        filter.bindRegistry(new Fixtures.Registry(List.of("s1"), new ChannelSpec("t", "Cel", -40, 85)));
        AtomicReference<List<FilterSpec>> declared = new AtomicReference<>(deadband("0.5"));
        ProfileFilterDefaults defaults = (profile, channel) -> declared.get();
        filter.bindDefaults(defaults);
        filter.filter(List.of(reading("s1", "t", 20, "Cel", 0)));

        declared.set(List.of());
        filter.updatedDefaults(defaults);

        assertThat(filter.filter(List.of(reading("s1", "t", 20.1, "Cel", 60), reading("s1", "t", 20.1, "Cel", 120)))
                .passed()).hasSize(2);
    }

    @Test
    void openWindowIsSavedAtDeactivationAndContinuedAfterTheRestart() throws Exception {
        ChannelFilterService before = service();
        before.bindRegistry(new Fixtures.Registry(List.of("s1"), new ChannelSpec("rain", "mm", 0, 500)));
        before.bindDefaults(DEADBAND_AND_HOURLY);
        assertThat(before.filter(List.of(reading("s1", "rain", 1, "mm", 0), reading("s1", "rain", 4, "mm", 60)))
                .passed()).isEmpty();
        before.deactivate();
        assertThat(dir.resolve(ChannelFilterService.STATE_FILE)).exists();

        ChannelFilterService after = service();
        after.bindRegistry(new Fixtures.Registry(List.of("s1"), new ChannelSpec("rain", "mm", 0, 500)));
        after.bindDefaults(DEADBAND_AND_HOURLY);
        assertThat(after.filter(List.of(reading("s1", "rain", 2, "mm", 120))).passed()).isEmpty();
        FilterResult closed = after.filter(List.of(reading("s1", "rain", 0, "mm", 3600)));
        assertThat(closed.passed()).extracting(Reading::channel).containsExactly("rain:max", "rain:count");
        assertThat(closed.passed()).extracting(Fixtures::value).containsExactly(4.0, 3.0);
        assertThat(closed.passed().get(0).source().attributes()).containsEntry("aggregate.partial", "false");
    }

    private static ChannelFilterService hourlyRain(ChannelFilterService service) {
        service.bindRegistry(new Fixtures.Registry(List.of("s1"), new ChannelSpec("rain", "mm", 0, 500)));
        service.bindDefaults(DEADBAND_AND_HOURLY);
        return service;
    }

    @Test
    void theWriterWritesOnlyWhenAWindowChangedAndMarksTheFileAsWrittenWhileRunning() throws Exception {
        ChannelFilterService filter = hourlyRain(service());
        filter.filter(List.of(reading("s1", "t", 20, "Cel", 0)));
        assertThat(filter.persist()).as("no aggregation yet").isFalse();

        filter.filter(List.of(reading("s1", "rain", 1, "mm", 0)));
        assertThat(filter.persist()).isTrue();
        assertThat(filter.persist()).as("nothing changed since").isFalse();

        WindowStore.Saved saved = new WindowStore(dir.resolve(ChannelFilterService.STATE_FILE)).load();
        assertThat(saved.clean()).isFalse();
        assertThat(saved.windows().get(new ChannelKey("s1", "rain")).window().count()).isEqualTo(1);
    }

    @Test
    void afterACrashValuesSinceTheLastWriteAreMissingAndTheWindowSaysPartial() throws Exception {
        ChannelFilterService crashed = hourlyRain(service());
        crashed.filter(List.of(reading("s1", "rain", 1, "mm", 0), reading("s1", "rain", 4, "mm", 60)));
        crashed.persist();
        crashed.filter(List.of(reading("s1", "rain", 9, "mm", 120))); // then the power goes: no deactivation

        ChannelFilterService after = hourlyRain(service());
        after.filter(List.of(reading("s1", "rain", 2, "mm", 180)));
        FilterResult closed = after.filter(List.of(reading("s1", "rain", 0, "mm", 3600)));

        assertThat(closed.passed()).extracting(Fixtures::value).containsExactly(4.0, 3.0); // the 9 is gone
        assertThat(closed.passed().get(0).source().attributes()).containsEntry("aggregate.partial", "true");
    }

    @Test
    void aCleanStopAfterWritesWhileRunningContinuesTheWindowComplete() throws Exception {
        ChannelFilterService before = hourlyRain(service());
        before.filter(List.of(reading("s1", "rain", 1, "mm", 0)));
        before.persist();
        before.filter(List.of(reading("s1", "rain", 9, "mm", 60)));
        before.deactivate();

        ChannelFilterService after = hourlyRain(service());
        after.filter(List.of(reading("s1", "rain", 2, "mm", 120)));
        FilterResult closed = after.filter(List.of(reading("s1", "rain", 0, "mm", 3600)));

        assertThat(closed.passed()).extracting(Fixtures::value).containsExactly(9.0, 3.0);
        assertThat(closed.passed().get(0).source().attributes()).containsEntry("aggregate.partial", "false");
    }

    @Test
    void aRecoveredWindowOfAChannelThatNoLongerAggregatesIsSentPartial() throws Exception {
        ChannelFilterService crashed = hourlyRain(service());
        crashed.filter(List.of(reading("s1", "rain", 3, "mm", 0)));
        crashed.persist();

        ChannelFilterService after = service();
        after.bindRegistry(new Fixtures.Registry(List.of("s1"), new ChannelSpec("rain", "mm", 0, 500)));
        FilterResult result = after.filter(List.of(reading("s1", "rain", 5, "mm", 60)));

        assertThat(result.passed()).extracting(Reading::channel).containsExactly("rain:max", "rain:count", "rain");
        assertThat(result.passed().get(1).source().attributes()).containsEntry("aggregate.partial", "true");
    }

    @Test
    void aStateFileWithADamagedCleanFlagIsSetAside() throws Exception {
        Path file = dir.resolve(ChannelFilterService.STATE_FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "clean=maybe\n");
        ChannelFilterService filter = service();
        assertThat(filter.filter(List.of(reading("s1", "t", 1, "", 0))).passed()).hasSize(1);
        assertThat(file.resolveSibling("windows.properties.damaged")).exists();
    }

    @Test
    void savedWindowOfAChannelThatNoLongerAggregatesIsSentAsPartial() {
        ChannelFilterService before = service();
        before.bindRegistry(new Fixtures.Registry(List.of("s1"), new ChannelSpec("rain", "mm", 0, 500)));
        before.bindDefaults(DEADBAND_AND_HOURLY);
        before.filter(List.of(reading("s1", "rain", 3, "mm", 0)));
        before.deactivate();

        ChannelFilterService after = service(); // no profile defaults this time
        after.bindRegistry(new Fixtures.Registry(List.of("s1"), new ChannelSpec("rain", "mm", 0, 500)));
        FilterResult result = after.filter(List.of(reading("s1", "rain", 5, "mm", 60)));
        assertThat(result.passed()).extracting(Reading::channel).containsExactly("rain:max", "rain:count", "rain");
        assertThat(result.passed().get(0).source().attributes()).containsEntry("aggregate.partial", "true");
    }

    @Test
    void windowsNotTakenUpAfterARestartAreSavedAgain() throws Exception {
        ChannelFilterService before = service();
        before.bindRegistry(new Fixtures.Registry(List.of("s1"), new ChannelSpec("rain", "mm", 0, 500)));
        before.bindDefaults(DEADBAND_AND_HOURLY);
        before.filter(List.of(reading("s1", "rain", 3, "mm", 0)));
        before.deactivate();
        String saved = Files.readString(dir.resolve(ChannelFilterService.STATE_FILE));

        service().deactivate(); // started and stopped without a reading of that channel
        assertThat(dir.resolve(ChannelFilterService.STATE_FILE)).exists();
        assertThat(Files.readString(dir.resolve(ChannelFilterService.STATE_FILE)))
                .contains("w0.sensor=s1", "w0.count=1");
        assertThat(saved).contains("w0.count=1");
    }

    @Test
    void reconfigurationSendsTheOpenWindowAsPartial() {
        ChannelFilterService filter = service();
        SensorFilterOverride hourly = override("s1", "rain", List.of(new FilterSpec("aggregate",
                params("window.seconds", "3600", "functions", "count"))));
        filter.addOverride(hourly);
        filter.filter(List.of(reading("s1", "rain", 3, "mm", 0), reading("s1", "rain", 3, "mm", 10)));
        filter.removeOverride(hourly);
        FilterResult result = filter.filter(List.of(reading("s1", "rain", 5, "mm", 60)));
        assertThat(result.passed()).extracting(Reading::channel).containsExactly("rain:count", "rain");
        assertThat(value(result.passed().get(0))).isEqualTo(2.0);
        assertThat(result.passed().get(0).source().attributes()).containsEntry("aggregate.partial", "true");
    }

    @Test
    void damagedStateFileIsSetAsideAndFilteringGoesOn() throws Exception {
        Path file = dir.resolve(ChannelFilterService.STATE_FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "w0.sensor=s1\nw0.count=many\n");
        ChannelFilterService filter = service();
        assertThat(filter.filter(List.of(reading("s1", "t", 1, "", 0))).passed()).hasSize(1);
        assertThat(file.resolveSibling("windows.properties.damaged")).exists();
        assertThat(file).doesNotExist();
    }

    static SensorFilterOverride override(String sensor, String channel, List<FilterSpec> filters) {
        return new SensorFilterOverride(new ChannelKey(sensor, channel), filters);
    }
}
