package io.cityhub.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cityhub.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Hashtable;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupSnapshotTest {

    private static final String PID = "io.cityhub.ingest.IngestPipeline";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
    private final RuntimeCryptoService crypto = RuntimeCryptoService.withRandomKey();

    private Path seed(int maxNameLength) throws Exception {
        return Files.writeString(dir.resolve("snapshot_0.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <esf:configurations xmlns:esf="http://eurotech.com/esf/2.0">
                  <esf:configuration pid="%s">
                    <esf:properties>
                      <esf:property name="max.name.length" type="Integer" array="false" \
                          encrypted="false"><esf:value>%d</esf:value></esf:property>
                    </esf:properties>
                  </esf:configuration>
                </esf:configurations>
                """.formatted(PID, maxNameLength));
    }

    private static String hashOf(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private Path runtimeSnapshot(SnapshotStore store, String seedHash, int maxNameLength) throws Exception {
        clock.advance(Duration.ofMinutes(1));
        String xml = new SnapshotWriter(crypto, Set.of()).write(List.of(new SnapshotWriter.Stored(PID, null,
                new Hashtable<>(Map.of("max.name.length", maxNameLength)))),
                StartupSnapshot.header(seedHash));
        return store.write(xml);
    }

    private static Object maxNameLength(StartupSnapshot.Choice choice) {
        return choice.configurations().get(0).values().get("max.name.length");
    }

    @Test
    void aDamagedNewestSnapshotIsReportedByNameAndTheNextOlderOneIsUsed() throws Exception {
        Path seed = seed(128);
        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), clock);
        Path older = runtimeSnapshot(store, hashOf(seed), 64);
        Path newest = runtimeSnapshot(store, hashOf(seed), 32);
        String text = Files.readString(newest);
        Files.writeString(newest, text.substring(0, text.length() / 2)); // cut short, as a failing card might

        StartupSnapshot.Choice choice;
        try (CapturedLog log = new CapturedLog()) {
            choice = StartupSnapshot.choose(seed, store);
            assertThat(log.text()).contains("ERROR").contains("damaged configuration snapshot " + newest)
                    .contains("trying the next older one");
        }

        assertThat(choice.file()).isEqualTo(older);
        assertThat(maxNameLength(choice)).isEqualTo(64);
        assertThat(newest).as("kept for the technician to look at").exists();
    }

    @Test
    void whenEverySnapshotIsDamagedItSaysSoAndStartsFromTheSeed() throws Exception {
        Path seed = seed(128);
        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), clock);
        Path bad = runtimeSnapshot(store, hashOf(seed), 64);
        Files.write(bad, new byte[] {(byte) 0xC3, 0x28, 0x00}); // not even UTF-8
        Path noHeader = store.write("<esf:configurations xmlns:esf=\"http://eurotech.com/esf/2.0\"/>");

        StartupSnapshot.Choice choice;
        try (CapturedLog log = new CapturedLog()) {
            choice = StartupSnapshot.choose(seed, store);
            assertThat(log.text()).contains("cannot read the configuration snapshot " + bad)
                    .contains("damaged configuration snapshot " + noHeader + ": no 'seed-sha256' header")
                    .contains("no valid configuration snapshot in " + store.directory() + ": starting from the seed");
        }

        assertThat(choice.file()).isEqualTo(seed);
        assertThat(choice.runtimeText()).isNull();
        assertThat(maxNameLength(choice)).isEqualTo(128);
    }

    @Test
    void aMalformedSeedStillStopsTheStartWhenItIsNeeded() throws Exception {
        Path seed = Files.writeString(dir.resolve("snapshot_0.xml"), "<esf:configurations>");
        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), clock);

        assertThatThrownBy(() -> StartupSnapshot.choose(seed, store)).isInstanceOf(StartupException.class)
                .hasMessageStartingWith(seed + ":1: not well-formed XML");
    }

    @Test
    void aChangedSeedWinsOverTheRuntimesSnapshotsWhichStay() throws Exception {
        Path seed = seed(128);
        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), clock);
        Path kept = runtimeSnapshot(store, hashOf(seed), 64);
        seed(100);

        StartupSnapshot.Choice choice;
        try (CapturedLog log = new CapturedLog()) {
            choice = StartupSnapshot.choose(seed, store);
            assertThat(log.text()).contains("WARN").contains("the seed " + seed + " changed since " + kept);
        }

        assertThat(choice.file()).isEqualTo(seed);
        assertThat(maxNameLength(choice)).isEqualTo(100);
        assertThat(kept).exists();
    }

    @Test
    void theNewestSnapshotWrittenUnderTheSameSeedWins() throws Exception {
        Path seed = seed(128);
        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), clock);
        runtimeSnapshot(store, hashOf(seed), 64);
        Path newest = runtimeSnapshot(store, hashOf(seed), 32);

        StartupSnapshot.Choice choice = StartupSnapshot.choose(seed, store);

        assertThat(choice.file()).isEqualTo(newest);
        assertThat(choice.runtimeText()).isEqualTo(Files.readString(newest));
        assertThat(maxNameLength(choice)).isEqualTo(32);
        assertThat(choice.pids()).containsExactly(PID);
    }

    @Test
    void withoutASeedTheRuntimesSnapshotIsUsedAndWithoutEitherComponentsGetDefaults() throws Exception {
        Path seed = dir.resolve("absent.xml");
        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), clock);

        StartupSnapshot.Choice none = StartupSnapshot.choose(seed, store);
        Path written = runtimeSnapshot(store, "none", 16);
        StartupSnapshot.Choice later = StartupSnapshot.choose(seed, store);

        assertThat(none.file()).isNull();
        assertThat(none.configurations()).isEmpty();
        assertThat(none.seedHash()).isEqualTo("none");
        assertThat(later.file()).isEqualTo(written);
        assertThat(maxNameLength(later)).isEqualTo(16);
    }
}
