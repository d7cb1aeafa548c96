package io.cityhub.runtime.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Removes the copies of the launcher and framework jars that earlier runs of this runtime left in
 * {@code java.io.tmpdir}.
 *
 * <p>Why: the executable jar's bnd launcher copies its launcher and framework jars out of the runtime jar into
 * {@code java.io.tmpdir} at every start ({@code resource<n>.jar}, about 2 MB) and deletes them only on a normal JVM
 * exit. A gateway killed with SIGKILL or by a power cut leaves them behind, so a gateway that keeps crashing fills
 * a {@code /tmp} that lives in RAM. A file is removed only if it has that name pattern and the same bytes as one of
 * this process's own copies (which are never touched): a copy of exactly this runtime's launcher or framework. Another
 * gateway on the same machine (a second instance, a test or a benchmark beside the real one) has copies of the same
 * bytes while it runs, so a copy is also left alone while any process holds it open or while it is younger than
 * {@link #MIN_AGE} (a gateway that is starting has written its copies but may not have opened them yet).
 */
final class LauncherLeftovers {

    private static final Pattern LAUNCHER_COPY = Pattern.compile("resource\\d+\\.jar");
    /**
     * A copy younger than this may belong to a gateway that is starting: the launcher opens its copies right after
     * writing them, so a second covers that gap; a gateway restarted by its service manager after a crash (seconds
     * later) still removes the copies the crashed run left.
     */
    static final Duration MIN_AGE = Duration.ofSeconds(1);

    private LauncherLeftovers() {
    }

    /**
     * @param loader the class loader that loaded the framework (the launcher's), whose URLs are this run's copies
     * @return this run's copies, empty if the framework was not started from copies in a temp directory
     */
    static List<Path> currentCopies(ClassLoader loader) {
        List<Path> copies = new ArrayList<>();
        if (loader instanceof URLClassLoader urls) {
            for (URL url : urls.getURLs()) {
                try {
                    Path path = Path.of(url.toURI());
                    if ("file".equals(url.getProtocol())
                            && LAUNCHER_COPY
                                    .matcher(path.getFileName().toString())
                                    .matches()) {
                        copies.add(path);
                    }
                } catch (URISyntaxException | IllegalArgumentException e) {
                    // not a plain file URL: not a launcher copy
                }
            }
        }
        return copies;
    }

    /**
     * @param tmpDir the directory the launcher copies into ({@code java.io.tmpdir})
     * @param current this run's copies
     * @return the stale copies removed
     * @throws IOException if the directory cannot be listed
     */
    static List<Path> removeStale(Path tmpDir, List<Path> current) throws IOException {
        return removeStale(tmpDir, current, Instant.now(), LauncherLeftovers::openByAnyProcess);
    }

    /**
     * @param tmpDir the directory the launcher copies into
     * @param current this run's copies
     * @param now the time against which {@link #MIN_AGE} is measured
     * @param inUse whether a file is open in some process
     * @return the stale copies removed
     * @throws IOException if the directory cannot be listed
     */
    static List<Path> removeStale(Path tmpDir, List<Path> current, Instant now, Predicate<Path> inUse)
            throws IOException {
        Map<Long, List<byte[]>> digestsBySize = new HashMap<>();
        for (Path copy : current) {
            digestsBySize.computeIfAbsent(Files.size(copy), k -> new ArrayList<>()).add(digest(copy));
        }
        List<Path> removed = new ArrayList<>();
        if (digestsBySize.isEmpty()) {
            return removed;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmpDir, "resource*.jar")) {
            for (Path file : files) {
                if (!LAUNCHER_COPY.matcher(file.getFileName().toString()).matches() || isCurrent(file, current)
                        || !Files.isRegularFile(file)) {
                    continue;
                }
                try {
                    List<byte[]> candidates = digestsBySize.get(Files.size(file));
                    boolean young = Files.getLastModifiedTime(file).toInstant().isAfter(now.minus(MIN_AGE));
                    if (candidates != null && !young && matchesAny(digest(file), candidates) && !inUse.test(file)
                            && Files.deleteIfExists(file)) {
                        removed.add(file);
                    }
                } catch (NoSuchFileException e) {
                    // removed meanwhile by another gateway starting from the same temp directory: nothing to do
                }
            }
        }
        return removed;
    }

    /**
     * @param file a file
     * @return whether any process this one may inspect has it open, by the links in {@code /proc/<pid>/fd}; false
     *     where there is no {@code /proc} (then only the age protects another gateway's copies)
     */
    static boolean openByAnyProcess(Path file) {
        Path target;
        try {
            target = file.toRealPath();
        } catch (IOException e) {
            return false; // gone already
        }
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
                    for (Path fd : fds) {
                        try {
                            if (Files.readSymbolicLink(fd).equals(target)) {
                                return true;
                            }
                        } catch (IOException | UnsupportedOperationException e) {
                            // closed meanwhile, or not a link: not this file
                        }
                    }
                } catch (IOException e) {
                    // ended meanwhile, or not ours to inspect
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private static boolean isCurrent(Path file, List<Path> current) throws IOException {
        for (Path copy : current) {
            if (Files.isSameFile(file, copy)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAny(byte[] digest, List<byte[]> candidates) {
        return candidates.stream().anyMatch(c -> MessageDigest.isEqual(c, digest));
    }

    private static byte[] digest(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0;) {
                sha.update(buffer, 0, n);
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
