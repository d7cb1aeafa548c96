package io.cityhub.sensor.gpio.internal;

import io.cityhub.api.ClockQuality;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A pulse counter's state in one small text file, replaced crash-safely: the new content goes to a temporary file
 * in the same folder, is forced to the device, then renamed over the old file, and the folder is forced so the
 * rename itself survives a power cut (rename(2) is atomic within a file system). A crash at any point leaves either
 * the old or the new file, never a torn one. No MapDB: that stays inside the outbox bundle.
 *
 * <pre>
 * cityhub-gpio-counter 1
 * total 1234
 * window 1200 1234 1764504060000 60000 SYNCHRONISED
 * </pre>
 */
final class CounterStore {

    private static final String HEADER = "cityhub-gpio-counter 1";

    private final Path file;
    private final Path temporary;
    private final Runnable beforeRename;

    /** @param file the state file; its folder is created when missing */
    CounterStore(Path file) {
        this(file, () -> { });
    }

    /** @param beforeRename runs between writing the temporary file and renaming it (tests inject a crash here) */
    CounterStore(Path file, Runnable beforeRename) {
        this.file = Objects.requireNonNull(file, "file");
        this.temporary = file.resolveSibling(file.getFileName() + ".new");
        this.beforeRename = Objects.requireNonNull(beforeRename, "beforeRename");
    }

    /** @return the state file */
    Path file() {
        return file;
    }

    /**
     * @return the saved state, or empty when none was ever saved
     * @throws IOException if the file cannot be read or is not a counter state (then nothing is reset: a meter
     *     whose total is unknown must not silently restart at zero)
     */
    Optional<CounterState> load() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (lines.isEmpty() || !HEADER.equals(lines.get(0))) {
            throw new IOException(file + ": not a GPIO counter state file (first line '"
                    + (lines.isEmpty() ? "" : lines.get(0)) + "')");
        }
        try {
            Long total = null;
            List<CounterState.Window> windows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(" ");
                if (f.length == 2 && f[0].equals("total") && total == null) {
                    total = Long.parseLong(f[1]);
                } else if (f.length == 6 && f[0].equals("window")) {
                    windows.add(new CounterState.Window(Long.parseLong(f[1]), Long.parseLong(f[2]),
                            Long.parseLong(f[3]), Long.parseLong(f[4]), ClockQuality.valueOf(f[5])));
                } else if (!line.isEmpty()) {
                    throw new IOException(file + ": unexpected line '" + line + "'");
                }
            }
            if (total == null) {
                throw new IOException(file + ": no total");
            }
            return Optional.of(new CounterState(total, windows));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replaces the saved state crash-safely.
     *
     * @throws IOException if it could not be made durable; the previous state is then still in place
     */
    void save(CounterState state) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n').append("total ").append(state.total()).append('\n');
        for (CounterState.Window w : state.unacknowledged()) {
            text.append("window ").append(w.startTotal()).append(' ').append(w.endTotal()).append(' ')
                    .append(w.endMillis()).append(' ').append(w.lengthMillis()).append(' ').append(w.quality().name())
                    .append('\n');
        }
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        beforeRename.run();
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(file + ": the file system cannot rename atomically", e);
        }
        forceFolder(folder);
    }

    /** fsync(2) on the folder makes the rename durable; Linux allows opening a folder for reading to do so. */
    private static void forceFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
