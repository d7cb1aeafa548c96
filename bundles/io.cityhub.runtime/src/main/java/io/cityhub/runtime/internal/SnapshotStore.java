package io.cityhub.runtime.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's own configuration snapshots, as Kura keeps them: {@code snapshot_<epoch millis>.xml} in one
 * directory ({@value #DIR_NAME} in the data directory), the newest {@value #KEEP} kept.
 *
 * <p>A snapshot is written crash-safely: a temporary file in the same directory, fsynced, atomically renamed, and
 * the directory fsynced; a crash leaves either the old set of snapshots or the new one, never a half-written
 * snapshot under a snapshot's name. The number in a new name is the clock's time, but always above every existing
 * snapshot's, so a gateway that boots with its clock behind (no RTC) still writes its newest snapshot last in
 * order.
 */
final class SnapshotStore {

    /** The snapshots' directory inside the data directory. */
    static final String DIR_NAME = "snapshots";
    /** How many snapshots are kept, as Kura keeps ten. */
    static final int KEEP = 10;

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
    private static final Pattern NAME = Pattern.compile("snapshot_(\\d{1,18})\\.xml");
    private static final String TEMP_PREFIX = ".snapshot_";

    private final Path dir;
    private final Clock clock;

    /**
     * @param dir the snapshots' directory; created by the first {@link #write}
     * @param clock names new snapshots
     */
    SnapshotStore(Path dir, Clock clock) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @return the snapshots' directory */
    Path directory() {
        return dir;
    }

    /**
     * @return every snapshot in the directory, newest (highest number) first; empty if the directory does not exist
     * @throws IOException if the directory exists but cannot be listed
     */
    List<Path> newestFirst() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> snapshots = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                if (number(file) >= 0 && Files.isRegularFile(file)) {
                    snapshots.add(file);
                }
            }
        }
        snapshots.sort(Comparator.comparingLong(SnapshotStore::number).reversed());
        return snapshots;
    }

    /**
     * Writes a new snapshot and deletes all but the newest {@value #KEEP}.
     *
     * @param xml the snapshot's text
     * @return the new snapshot's file
     * @throws IOException if it cannot be written; no snapshot is changed then, and no temporary file stays
     */
    Path write(String xml) throws IOException {
        Files.createDirectories(dir);
        List<Path> existing = newestFirst();
        long number = clock.millis();
        if (!existing.isEmpty()) {
            number = Math.max(number, number(existing.get(0)) + 1);
        }
        Path target = dir.resolve("snapshot_" + number + ".xml");
        Path temp = Files.createTempFile(dir, TEMP_PREFIX, ".xml.tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(xml.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(dir);
        prune();
        return target;
    }

    /** Deletes temporary files a crash left while writing. */
    void removeTemporaryFiles() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, TEMP_PREFIX + "*.xml.tmp")) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.warn("cityhub: cannot remove temporary snapshot files in {}: {}", dir, e.toString());
        }
    }

    private void prune() {
        try {
            List<Path> all = newestFirst();
            for (Path old : all.subList(Math.min(KEEP, all.size()), all.size())) {
                Files.deleteIfExists(old);
            }
        } catch (IOException e) {
            // the new snapshot is written; an old one left behind costs only space
            LOG.warn("cityhub: cannot delete old snapshots in {}: {}", dir, e.toString());
        }
    }

    /**
     * Makes a rename or a new file in {@code dir} durable (POSIX: fsync the directory). Where the platform cannot
     * open a directory (Windows), there is nothing to do.
     */
    static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("cannot fsync directory {}: {}", dir, e.toString());
        }
    }

    /** @return the number in a snapshot's name, or -1 if the name is not a snapshot's */
    static long number(Path file) {
        Matcher matcher = NAME.matcher(file.getFileName().toString());
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
    }
}
