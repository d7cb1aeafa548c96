package io.cityhub.buffer.mapdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.buffer.Batch;
import io.cityhub.api.buffer.BufferState;
import io.cityhub.api.buffer.BufferUnavailableException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The outbox on a real, small tmpfs that really runs out of space (issue 3: "a full disk stops appends with a clear
 * state and error to the source, never a crash; appends resume when space returns"). The free-space floor is 0 so
 * the failure comes from MapDB's own write in the middle of a commit, as on a gateway where another process (logs,
 * Kura) fills the disk after the outbox checked it. Needs root for {@code mount}; skipped with a message otherwise.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RealFullDiskTest {

    private static final int PER_APPEND = 40;
    private static final int CONCURRENT = 4;

    @TempDir
    Path tmp;

    private Path volume;
    private boolean mounted;
    private final List<MapDbReadingBuffer> opened = new ArrayList<>();

    private final Set<String> durable = new HashSet<>();
    private final Set<String> failed = new HashSet<>();
    private final Set<String> delivered = new HashSet<>();
    private int next;

    @BeforeEach
    void mountSmallTmpfs() throws Exception {
        volume = tmp.resolve("tmpfs");
        Files.createDirectories(volume);
        Result r = run("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", volume.toString());
        if (r.exit != 0) {
            String out = r.output.toLowerCase(Locale.ROOT);
            boolean notPermitted = out.contains("permission denied") || out.contains("not permitted")
                    || out.contains("only root") || out.contains("must be superuser") || r.exit == 127;
            Assumptions.assumeFalse(notPermitted,
                    "mount -t tmpfs is not permitted here (needs root / CAP_SYS_ADMIN): " + r.output.strip());
            fail("mount -t tmpfs failed with exit " + r.exit + ": " + r.output);
        }
        mounted = true;
    }

    @AfterEach
    void closeAndUnmount() throws Exception {
        try {
            opened.forEach(MapDbReadingBuffer::deactivate);
            opened.clear();
        } finally {
            if (mounted && run("umount", volume.toString()).exit != 0) {
                run("umount", "-l", volume.toString()); // lazy: never leave a mount behind in @TempDir
            }
        }
    }

    /**
     * @param slack bytes the other process leaves free: 0 is seen by the free-space check; a few KiB pass the check
     *     and make MapDB's write fail in the middle of a commit
     */
    @ParameterizedTest(name = "{0} bytes left free")
    @ValueSource(ints = {0, 8 * 1024, 64 * 1024})
    void anotherProcessFillingTheDiskStopsAppendsCleanlyAndTheyResumeWithoutRestart(int slack) throws Exception {
        MapDbReadingBuffer buffer = open();
        for (int i = 0; i < 10; i++) {
            assertThat(appendRound(buffer)).as("appends before the disk is full").isZero();
        }
        Path filler = volume.resolve("filler.log");
        fillUp(filler, slack); // "another process" takes the free space after the outbox checked the floor

        runUntilAppendsFail(buffer, 100);
        takeAndAcknowledgeWhileFull(buffer);

        Files.delete(filler);
        resumesAndSurvivesRestart(buffer);
    }

    @Test
    void outboxFillingTheDiskItselfStopsAppendsCleanlyAndTheyResumeWhenSpaceIsFreed() throws Exception {
        Path ballast = volume.resolve("ballast.bin");
        Files.write(ballast, new byte[2 << 20]);
        MapDbReadingBuffer buffer = open();

        runUntilAppendsFail(buffer, 2000);
        takeAndAcknowledgeWhileFull(buffer);

        Files.delete(ballast);
        resumesAndSurvivesRestart(buffer);
    }

    @Test
    void restartWhileTheDiskIsStillFullNeverMovesTheStoreAside() throws Exception {
        MapDbReadingBuffer buffer = open();
        for (int i = 0; i < 10; i++) {
            assertThat(appendRound(buffer)).as("appends before the disk is full").isZero();
        }
        Path filler = volume.resolve("filler.log");
        fillUp(filler, 8 * 1024);
        runUntilAppendsFail(buffer, 100);
        close(buffer);

        // the gateway restarts with the disk still full: the outbox may refuse to open, but must not give up the
        // store (a recovery would fail half way for lack of space)
        try {
            MapDbReadingBuffer whileFull = open();
            // an append may still succeed if its journal record fits the slack: then it is truly durable (it is
            // checked after the restart below like every other); the journal's or the store's growth then fails
            int failures = 0;
            for (int round = 0; round < 10 && failures == 0; round++) {
                failures += appendRound(whileFull);
            }
            assertThat(failures).as("appends on a still full disk").isPositive();
            close(whileFull);
        } catch (UncheckedIOException e) {
            assertThat(e).hasMessageContaining("disk full");
        }
        assertThat(movedAside()).as("stores moved aside while the disk was full").isEmpty();

        // with space back it opens (salvaged, if the outbox had to close with a commit still unfinished) and resumes
        Files.delete(filler);
        MapDbReadingBuffer reopened = open();
        assertThat(reopened.metrics().recoveries()).isLessThanOrEqualTo(1);
        resumesAndSurvivesRestart(reopened);
    }

    /** Appends until a commit really fails for lack of space, and some more rounds against the full disk. */
    private void runUntilAppendsFail(MapDbReadingBuffer buffer, int maxRounds) throws Exception {
        int failures = 0;
        for (int round = 0; round < maxRounds && failures < 20; round++) {
            failures += appendRound(buffer);
        }
        assertThat(failures).as("appends failed once the file system was full").isPositive();
        assertThat(failed).isNotEmpty();
        assertThat(writerAlive()).as("the writer thread survives the full disk").isTrue();
    }

    private void takeAndAcknowledgeWhileFull(MapDbReadingBuffer buffer) throws Exception {
        // delivery is independent of free space: a batch can be taken and acknowledged
        Optional<Batch> batch = buffer.take(PER_APPEND, Duration.ofSeconds(5));
        assertThat(batch).as("a pending batch while the disk is full").isPresent();
        batch.get().readings().forEach(r -> delivered.add(r.id()));
        buffer.acknowledge(batch.get());
        assertThat(buffer.metrics().delivered()).isEqualTo(batch.get().readings().size());
    }

    private void resumesAndSurvivesRestart(MapDbReadingBuffer buffer) throws Exception {
        // without a restart: the writer finds the space again by itself
        await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> appendRound(buffer) == 0);
        for (int i = 0; i < 5; i++) {
            assertThat(appendRound(buffer)).as("appends after space returned").isZero();
        }
        assertThat(buffer.metrics().state()).isEqualTo(BufferState.AVAILABLE);
        assertThat(writerAlive()).isTrue();

        close(buffer);
        MapDbReadingBuffer reopened = open();
        assertThat(reopened.metrics().recoveries()).as("the store opens normally, nothing moved aside").isZero();
        assertThat(movedAside()).isEmpty();
        assertThat(reopened.metrics().state()).isEqualTo(BufferState.AVAILABLE);

        Set<String> found = new HashSet<>();
        Optional<Batch> batch;
        while ((batch = reopened.take(1000, Duration.ZERO)).isPresent()) {
            batch.get().readings().forEach(r -> found.add(r.id()));
            reopened.acknowledge(batch.get());
        }
        Set<String> missing = new HashSet<>(durable);
        missing.removeAll(found);
        missing.removeAll(delivered);
        assertThat(missing).as("acknowledged appends neither pending nor delivered after the restart").isEmpty();
        Set<String> unknown = new HashSet<>(found);
        unknown.removeAll(durable);
        unknown.removeAll(failed);
        assertThat(unknown).as("readings nobody appended").isEmpty();
        // readings of a failed append may still be found: a commit interrupted half way is finished once space
        // returns (MapDB cannot roll it back), and at-least-once delivery with deterministic ids allows that
        assertThat(appendRound(reopened)).isZero();
    }

    /**
     * Sends {@link #CONCURRENT} appends at once (so they share commits) and records how each ended.
     *
     * @return how many failed
     */
    private int appendRound(MapDbReadingBuffer buffer) throws InterruptedException {
        List<List<Reading>> appends = new ArrayList<>();
        List<CompletableFuture<Void>> stages = new ArrayList<>();
        for (int i = 0; i < CONCURRENT; i++) {
            List<Reading> readings = TestReadings.readings("s", next, PER_APPEND, Priority.TELEMETRY);
            next += PER_APPEND;
            appends.add(readings);
            stages.add(buffer.append(readings).toCompletableFuture());
        }
        int failures = 0;
        for (int i = 0; i < CONCURRENT; i++) {
            List<String> ids = appends.get(i).stream().map(Reading::id).toList();
            try {
                stages.get(i).get(20, TimeUnit.SECONDS);
                durable.addAll(ids);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).as("how an append fails on a full disk")
                        .isInstanceOf(BufferUnavailableException.class);
                assertThat(buffer.metrics().state()).as("state after a failed append").isEqualTo(BufferState.DISK_FULL);
                failed.addAll(ids);
                failures++;
            } catch (TimeoutException e) {
                throw new AssertionError("append neither completed nor failed within 20 s", e);
            }
        }
        return failures;
    }

    private MapDbReadingBuffer open() {
        // a bound far above the volume: only the file system limits; no free-space floor (disk.min.free.bytes = 0)
        BufferOptions options = new BufferOptions(volume.resolve("store"), 1L << 30, Duration.ofDays(7),
                FullPolicy.DROP_OLDEST, Duration.ofMillis(5), 4096, 64L << 20, Duration.ofDays(1), 0);
        MapDbReadingBuffer buffer = new MapDbReadingBuffer(options, Clock.systemUTC(), null);
        opened.add(buffer);
        return buffer;
    }

    private void close(MapDbReadingBuffer buffer) {
        opened.remove(buffer);
        buffer.deactivate();
    }

    private List<Path> movedAside() throws IOException {
        List<Path> aside = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(volume.resolve("store"), "broken-*")) {
            files.forEach(aside::add);
        }
        return aside;
    }

    private static void fillUp(Path file, int slack) throws IOException {
        byte[] block = new byte[16 * 1024];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            while (written < (64L << 20)) { // far more than the volume holds: ends with ENOSPC
                out.write(block);
                written += block.length;
            }
            out.flush();
        } catch (IOException e) {
            assertThat(e.getMessage()).as("why the filler stopped").containsIgnoringCase("space");
        }
        assertThat(Files.getFileStore(file).getUsableSpace()).as("free bytes after filling").isLessThan(block.length);
        if (slack > 0) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(channel.size() - slack);
            }
        }
    }

    private static boolean writerAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("cityhub-outbox-writer") && t.isAlive());
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(127, e.toString()); // no such program
        }
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, String.join(" ", command) + " did not finish within 20 s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
