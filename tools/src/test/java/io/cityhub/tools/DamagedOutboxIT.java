package io.cityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cityhub.testing.FreePorts;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway starts on an outbox whose files were damaged while it was down (a flash sector gone bad, a tool that
 * wrote into them): it logs a clear error naming the file, keeps the damaged file aside for analysis, starts and
 * accepts readings, and delivers every reading it had acknowledged that is still readable in the damaged files.
 */
class DamagedOutboxIT {

    /** Readings' times: 10 h ago plus offsets of up to 9 h, so never in the future (ingest bounds that). */
    private static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(10));
    private static final int JOURNAL_HEADER = 1 + 8 + 4;
    private static final int JOURNAL_CRC = 4;

    @TempDir
    Path work;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aGarbledStoreFileIsKeptAsideAndItsAcknowledgedReadingsAreStillDelivered() throws Exception {
        // given a gateway that acknowledged readings while its platform was out of reach, then stopped cleanly
        GatewayFixture fixture = new GatewayFixture(work);
        PlatformDeliveries deliveries = new PlatformDeliveries("damage-probe");
        try (PlatformStandIn platform = PlatformStandIn.start(FreePorts.tcp(), "cityhub/#", deliveries);
                CuttableLink link = new CuttableLink(fixture.brokerPort, platform.port());
                SimulatedSensor sensor = fixture.sensor("damage-probe")) {
            link.cut();
            Set<String> accepted;
            try (GatewayProcess gateway = fixture.start(fixture.runtimeJar())) {
                accepted = postUntilAccepted(sensor, 0, 60);
                assertThat(gateway.stop(60)).as("clean stop").isNotEqualTo(-1);
            }
            // when the store file's first page is overwritten with garbage while the gateway is down
            Path store = outbox(fixture).resolve("outbox.db");
            try (RandomAccessFile f = new RandomAccessFile(store.toFile(), "rw")) {
                f.seek(0);
                f.write(new byte[] {'n', 'o', 't', ' ', 'a', ' ', 's', 't', 'o', 'r', 'e', 0x7f, 0x13, 0x42, 0, 1});
            }
            byte[] damaged = Files.readAllBytes(store);
            link.restore();

            // then it starts, says what it did, keeps the damaged file, accepts, and delivers what it acknowledged
            try (GatewayProcess gateway = fixture.start(fixture.runtimeJar())) {
                Set<String> later = postUntilAccepted(sensor, 1000, 5);
                await("every reading acknowledged before the damage arrives").atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> assertThat(deliveries.seen()).containsAll(accepted).containsAll(later));
                String error = errorLine(gateway, "Outbox store");
                assertThat(error).contains(outbox(fixture).toString()).contains("moved it to").contains("salvaged");
                Path aside = onlyBrokenFolder(fixture);
                assertThat(error).contains(aside.toString());
                assertThat(Files.readAllBytes(aside.resolve("outbox.db"))).as("the damaged file, kept as it was")
                        .isEqualTo(damaged);
                assertThat(gateway.isAlive()).isTrue();
            }
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aDamagedJournalRecordLosesOnlyItselfAndTheJournalIsKeptAside() throws Exception {
        // given a gateway killed under load while its platform was out of reach, its journal holding several commits
        GatewayFixture fixture = new GatewayFixture(work);
        PlatformDeliveries deliveries = new PlatformDeliveries("journal-probe");
        try (PlatformStandIn platform = PlatformStandIn.start(FreePorts.tcp(), "cityhub/#", deliveries);
                CuttableLink link = new CuttableLink(fixture.brokerPort, platform.port());
                SimulatedSensor sensor = fixture.sensor("journal-probe")) {
            link.cut();
            Set<String> accepted = new HashSet<>();
            Path journal = outbox(fixture).resolve("outbox.db.journal");
            List<Long> records = List.of();
            // a checkpoint empties the journal about once a second: kill right after a burst, until it holds enough
            for (int round = 0; round < 8 && records.size() < 3; round++) {
                try (GatewayProcess gateway = fixture.start(fixture.runtimeJar())) {
                    accepted.addAll(postUntilAccepted(sensor, round * 2_000, 40));
                    gateway.kill();
                }
                records = journalRecords(journal);
            }
            assertThat(records).as("commits in the journal after a kill under load").hasSizeGreaterThanOrEqualTo(3);

            // when a byte in the middle of its first record flips while the gateway is down
            long first = records.get(0);
            try (RandomAccessFile f = new RandomAccessFile(journal.toFile(), "rw")) {
                long at = first + JOURNAL_HEADER + 4;
                f.seek(at);
                int b = f.read();
                f.seek(at);
                f.write(b ^ 0x5A);
            }
            byte[] damaged = Files.readAllBytes(journal);
            link.restore();

            // then it starts, names the file and the place, keeps the journal, accepts, and loses only that record
            try (GatewayProcess gateway = fixture.start(fixture.runtimeJar())) {
                Set<String> later = postUntilAccepted(sensor, 30_000, 5);
                await("the readings posted after the damage arrive").atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> assertThat(deliveries.seen()).containsAll(later));
                await("the acknowledged readings arrive, but for the damaged commit").atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                            Set<String> missing = new HashSet<>(accepted);
                            missing.removeAll(deliveries.seen());
                            // the sensor waits for each answer, so a commit holds one of its readings
                            assertThat(missing).as("acknowledged readings that never arrived")
                                    .hasSizeLessThanOrEqualTo(1);
                        });
                Path aside = onlyBrokenFolder(fixture);
                if (gateway.logText().contains("could not be opened")) {
                    // the kill under load also left the store itself unreadable (MapDB writes its file in place):
                    // then the whole store, journal included, is set aside and salvaged, which the ERROR says. The
                    // salvage replays the journal past the damaged record and also finds that record's chunk, whose
                    // bytes the flipped byte (in the operation's header) left intact: nothing acknowledged is lost
                    String error = errorLine(gateway, "Outbox store");
                    assertThat(error).contains("salvaged").contains(aside.toString())
                            .contains("its journal is damaged at byte " + first);
                    assertThat(aside.resolve("outbox.db.journal")).as("the journal, kept with the store").exists();
                    await("every acknowledged reading arrives").atMost(Duration.ofSeconds(90))
                            .pollInterval(Duration.ofMillis(250))
                            .untilAsserted(() -> assertThat(deliveries.seen()).containsAll(accepted));
                } else {
                    String error = errorLine(gateway, "Outbox journal");
                    assertThat(error).contains(journal.toString()).contains("damaged at byte " + first);
                    assertThat(error).contains(aside.toString());
                    assertThat(Files.readAllBytes(aside.resolve("outbox.db.journal")))
                            .as("the damaged journal, kept as it was").isEqualTo(damaged);
                }
                assertThat(gateway.isAlive()).isTrue();
            }
        }
    }

    private static Path outbox(GatewayFixture fixture) {
        return fixture.workDir.resolve("data/buffer");
    }

    /** Posts one reading at a time (each waits for its answer) until {@code count} were answered 2.04. */
    private static Set<String> postUntilAccepted(SimulatedSensor sensor, long offsetSeconds, int count) {
        Set<String> accepted = new HashSet<>();
        long[] next = {offsetSeconds};
        await("the gateway acknowledges " + count + " readings").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(20)).until(() -> {
                    Instant at = BASE.plusSeconds(next[0]++);
                    try {
                        SimulatedSensor.Answer answer = sensor.post(at, 12.5, 500);
                        // 2.04 with both readings stored (not rejected by validation, e.g. as too far in the future)
                        if (answer != null && answer.accepted() && answer.text().startsWith("accepted=2 ")) {
                            accepted.add(at.toString());
                        }
                    } catch (IOException e) {
                        // not up yet: not acknowledged
                    }
                    return accepted.size() >= count;
                });
        return accepted;
    }

    /** The journal's record positions, walked by their length fields (format in the outbox bundle's README). */
    private static List<Long> journalRecords(Path journal) throws IOException {
        List<Long> records = new ArrayList<>();
        if (!Files.exists(journal)) {
            return records;
        }
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(journal));
        int at = 0;
        while (at + JOURNAL_HEADER + JOURNAL_CRC <= bytes.limit() && bytes.get(at) == 0x4A) {
            int length = bytes.getInt(at + 9);
            if (length < 0 || at + JOURNAL_HEADER + length + JOURNAL_CRC > bytes.limit()) {
                break;
            }
            records.add((long) at);
            at += JOURNAL_HEADER + length + JOURNAL_CRC;
        }
        return records;
    }

    private static String errorLine(GatewayProcess gateway, String start) throws IOException {
        return gateway.logText().lines().filter(l -> l.contains(" ERROR ") && l.contains(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no ERROR line about '" + start + "' in the log:\n"
                        + logTail(gateway)));
    }

    private static String logTail(GatewayProcess gateway) {
        try {
            List<String> lines = gateway.logText().lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static Path onlyBrokenFolder(GatewayFixture fixture) throws IOException {
        try (Stream<Path> files = Files.list(outbox(fixture))) {
            List<Path> broken = files.filter(p -> p.getFileName().toString().startsWith("broken-")).toList();
            assertThat(broken).as("folders with damaged files kept aside").hasSize(1);
            return broken.get(0);
        }
    }
}
