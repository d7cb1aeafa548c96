package io.cityhub.filter.internal;

import static io.cityhub.filter.internal.Fixtures.params;
import static io.cityhub.filter.internal.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.Reading;
import io.cityhub.api.filter.FilterResult;
import io.cityhub.api.filter.FilterSpec;
import io.cityhub.api.profile.ChannelSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM killed with SIGKILL (no deactivation, no shutdown hook) while an aggregation window is open: the next start
 * recovers the window from what the running service wrote and sends it marked partial.
 */
class WindowCrashTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void windowOpenAtAKillIsRecoveredAtTheNextStartAndSentMarkedPartial() throws Exception {
        Path state = dir.resolve(ChannelFilterService.STATE_FILE);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WindowCrashChild.class.getName(), state.toString())
                .redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try {
            CompletableFuture<Boolean> persisted = CompletableFuture.supplyAsync(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        synchronized (output) {
                            output.add(line);
                        }
                        if (line.equals(WindowCrashChild.PERSISTED)) {
                            return true;
                        }
                    }
                    return false;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            assertThat(persisted.get(90, TimeUnit.SECONDS)).as("child output %s", output).isTrue();
        } finally {
            child.toHandle().destroyForcibly(); // SIGKILL on Linux: nothing in the child runs any more
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).as("killed, not stopped").isNotZero();

        ChannelFilterService restarted = new ChannelFilterService(new WindowStore(state), null);
        restarted.bindRegistry(new Fixtures.Registry(List.of("s1"), new ChannelSpec("rain", "mm", 0, 500)));
        restarted.bindDefaults((profile, channel) -> List.of(new FilterSpec("aggregate",
                params("window.seconds", "3600", "functions", "count,max"))));
        assertThat(restarted.filter(List.of(reading("s1", "rain", 3, "mm", 600))).passed()).isEmpty();
        FilterResult closed = restarted.filter(List.of(reading("s1", "rain", 0, "mm", 3600)));

        // the three values from before the kill and the one after it, in one window that says it may be incomplete
        assertThat(closed.passed()).extracting(Reading::channel).containsExactly("rain:max", "rain:count");
        assertThat(closed.passed()).extracting(Fixtures::value).containsExactly(4.0, 4.0);
        assertThat(closed.passed()).allSatisfy(r -> assertThat(r.source().attributes())
                .containsEntry(AggregateReadings.PARTIAL, "true"));
    }
}
