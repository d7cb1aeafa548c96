package io.cityhub.sensor.gpio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cityhub.api.ClockQuality;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CounterStoreCrashTest {

    @TempDir
    Path dir;

    private static CounterState state(long total) {
        return new CounterState(total, List.of(new CounterState.Window(0, total, 1_764_504_000_000L, 60_000,
                ClockQuality.SYNCHRONISED)));
    }

    @Test
    void savesAndLoadsTotalAndWindows() throws IOException {
        CounterStore store = new CounterStore(dir.resolve("a/b/counter.state"));
        assertThat(store.load()).isEmpty();

        store.save(state(42));

        assertThat(new CounterStore(dir.resolve("a/b/counter.state")).load()).contains(state(42));
    }

    @Test
    void aFailureBetweenWriteAndRenameKeepsThePreviousState() throws IOException {
        Path file = dir.resolve("counter.state");
        new CounterStore(file).save(state(41));
        CounterStore failing = new CounterStore(file, () -> {
            throw new IllegalStateException("power cut");
        });

        assertThatThrownBy(() -> failing.save(state(42))).hasMessage("power cut");

        assertThat(new CounterStore(file).load()).contains(state(41));
        // the next save replaces the abandoned new file
        new CounterStore(file).save(state(43));
        assertThat(new CounterStore(file).load()).contains(state(43));
    }

    @Test
    void aProcessKilledBetweenWriteAndRenameLeavesThePreviousTotal() throws Exception {
        Path file = dir.resolve("counter.state");
        Path marker = dir.resolve("parked");
        Process writer = writer(file, 1, 500, marker);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(marker));
        } finally {
            writer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }

        assertThat(new CounterStore(file).load()).map(CounterState::total).contains(499L);
        assertThat(file.resolveSibling("counter.state.new")).exists();
    }

    @Test
    void killedAtRandomMomentsTheFileIsNeverTornAndNeverGoesBack() throws Exception {
        Path file = dir.resolve("counter.state");
        long seen = 0;
        for (int round = 0; round < 4; round++) {
            long from = seen + 1;
            long target = from + 100 + (round * 37L) % 100;
            Process writer = writer(file, from, -1, dir.resolve("unused"));
            try {
                // let it write a while: until the file moved on by a few hundred saves
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                        .until(() -> total(file) >= target);
            } finally {
                writer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            long after = new CounterStore(file).load().orElseThrow().total();
            assertThat(after).as("round %d", round).isGreaterThanOrEqualTo(target);
            seen = after;
        }
    }

    /** @return the saved total, or -1 while there is none; never fails on a file being replaced */
    private static long total(Path file) {
        try {
            return new CounterStore(file).load().map(CounterState::total).orElse(-1L);
        } catch (IOException e) {
            throw new AssertionError("torn or unreadable state file: " + e.getMessage(), e);
        }
    }

    private static Process writer(Path file, long start, long park, Path marker) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                CounterStoreWriter.class.getName(), file.toString(), Long.toString(start), Long.toString(park),
                marker.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
}
