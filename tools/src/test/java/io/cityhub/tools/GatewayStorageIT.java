package io.cityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway that keeps crashing does not fill the disk outside its data directory: five SIGKILLs leave nothing in
 * the {@code java.io.tmpdir} it was given (no {@code osgi.<n>.fw} framework folders, no launcher copies), the
 * framework's storage is one folder under the data directory, and the clean stop that follows logs no stack trace.
 */
class GatewayStorageIT {

    private static final Pattern LISTENING = Pattern.compile("CoAP sensor server listening");

    @TempDir
    Path work;

    @Test
    void fiveKillsLeaveNothingOutsideTheDataDirectory() throws Exception {
        GatewayFixture fixture = new GatewayFixture(work.resolve("gateway"));
        Path childTmp = Files.createDirectories(work.resolve("child-tmp"));
        Map<String, String> properties = Map.of("java.io.tmpdir", childTmp.toString());
        List<String> before = entries(childTmp);

        for (int run = 1; run <= 5; run++) {
            // try-with-resources: a failed check must not leave a gateway running (close() after kill() does nothing)
            try (GatewayProcess gateway = GatewayProcess.start(fixture.runtimeJar(), fixture.workDir,
                    fixture.snapshot, properties)) {
                awaitStarted(gateway, run);
                assertThat(entries(childTmp)).as("tmpdir while run %d is up", run)
                        .noneMatch(name -> name.startsWith("osgi.") && name.endsWith(".fw"));
                gateway.kill();
            }
        }
        Path storage = fixture.workDir.resolve("data/framework");
        assertThat(storage).as("the framework storage in the data directory").isDirectory();

        int exit;
        String log;
        try (GatewayProcess gateway = GatewayProcess.start(fixture.runtimeJar(), fixture.workDir, fixture.snapshot,
                properties)) {
            awaitStarted(gateway, 6);
            exit = gateway.stop(30);
            log = gateway.logText();
        }
        String lastRun = log.substring(log.lastIndexOf("cityhub: loaded"));
        assertThat(exit).as("exit after SIGTERM; log:%n%s", lastRun).isNotEqualTo(-1);
        assertThat(lastRun).as("a clean stop logs no stack trace").doesNotContainPattern("(?m)^\\tat ")
                .doesNotContain("Exception in thread");
        assertThat(entries(childTmp)).as("tmpdir after five kills and one clean stop").isEqualTo(before);
        assertThat(entries(fixture.workDir.resolve("data"))).as("the data directory").contains("framework");
    }

    private static void awaitStarted(GatewayProcess gateway, int runs) {
        await("gateway run " + runs + " listening").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> count(LISTENING, gateway.logText()) >= runs);
    }

    private static int count(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static List<String> entries(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
