package io.cityhub.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cityhub.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));

    @Test
    void aFailedWriteChangesNoSnapshotAndLeavesNoTemporaryFile() throws Exception {
        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), clock);
        Path first = store.write("<first/>");
        // a directory where the next snapshot's name will be: the rename fails
        Files.createDirectory(dir.resolve("snapshots/snapshot_" + (clock.millis() + 1) + ".xml"));
        Files.writeString(dir.resolve("snapshots/snapshot_" + (clock.millis() + 1) + ".xml/x"), "in the way");

        assertThatThrownBy(() -> store.write("<second/>")).isInstanceOf(IOException.class);

        assertThat(first).hasContent("<first/>");
        try (var files = Files.list(dir.resolve("snapshots"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void failsWhenTheSnapshotsDirectoryCannotBeMade() throws Exception {
        Files.writeString(dir.resolve("snapshots"), "a file in the way");
        SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), clock);

        assertThatThrownBy(() -> store.write("<x/>")).isInstanceOf(IOException.class);
        assertThat(store.newestFirst()).isEmpty();
    }

    @Test
    void namesANewSnapshotAfterEveryOlderOneEvenWhenTheClockWentBack() throws Exception {
        SnapshotStore store = new SnapshotStore(dir, clock);
        Path first = store.write("<a/>");
        clock.set(Instant.parse("1970-01-01T00:00:10Z")); // a gateway without RTC boots in 1970
        Path second = store.write("<b/>");

        assertThat(first.getFileName().toString()).isEqualTo("snapshot_" + Instant.parse("2026-12-01T08:00:00Z")
                .toEpochMilli() + ".xml");
        assertThat(store.newestFirst()).containsExactly(second, first);
        assertThat(SnapshotStore.number(second)).isEqualTo(SnapshotStore.number(first) + 1);
    }

    @Test
    void keepsTheNewestTenAndIgnoresOtherFiles() throws Exception {
        SnapshotStore store = new SnapshotStore(dir, clock);
        Files.writeString(dir.resolve("notes.txt"), "kept");
        Files.writeString(dir.resolve("snapshot_12.xml.damaged"), "kept");
        for (int i = 0; i < 13; i++) {
            store.write("<s" + i + "/>");
            clock.advance(Duration.ofSeconds(1));
        }

        List<Path> kept = store.newestFirst();
        assertThat(kept).hasSize(SnapshotStore.KEEP);
        assertThat(kept.get(0)).hasContent("<s12/>");
        assertThat(kept.get(9)).hasContent("<s3/>");
        assertThat(dir.resolve("notes.txt")).exists();
        assertThat(dir.resolve("snapshot_12.xml.damaged")).exists();
    }

    @Test
    void removesTemporaryFilesACrashLeft() throws Exception {
        Path leftover = Files.writeString(dir.resolve(".snapshot_123.xml.tmp"), "<half");
        SnapshotStore store = new SnapshotStore(dir, clock);

        store.removeTemporaryFiles();

        assertThat(leftover).doesNotExist();
        assertThat(store.newestFirst()).isEmpty();
    }
}
