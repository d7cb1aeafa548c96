package io.cityhub.runtime.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the configuration the runtime starts with: the newest valid snapshot of its own ({@link SnapshotStore})
 * that was written while the current seed was in place, else the seed ({@code cityhub.snapshot}).
 *
 * <p>Every runtime snapshot names, in its header comment, the SHA-256 of the seed in place when it was written.
 * A seed that changed since (an installer put a new one, a test or the demo derived one) wins over the runtime's
 * snapshots, which stay where they are; an unchanged seed is ignored once the runtime has a snapshot of its own, as
 * Kura uses {@code snapshot_0.xml} only at the first start.
 *
 * <p>A damaged runtime snapshot is never used and never silently skipped: an ERROR line names it and the problem,
 * and the next older one is tried; when none is valid, an ERROR line says the gateway starts from the seed.
 */
final class StartupSnapshot {

    private static final Logger LOG = LoggerFactory.getLogger(StartupSnapshot.class);
    private static final Pattern SEED_HASH = Pattern.compile("seed-sha256=([0-9a-f]{64}|none)");
    private static final String NO_SEED = "none";

    /**
     * What the runtime starts with.
     *
     * @param file the snapshot read, or null if there was none (components start with their defaults)
     * @param configurations its configurations, empty if none
     * @param runtimeText the text if it is one of the runtime's own snapshots, else null
     * @param seedHash the SHA-256 of the current seed in hex, or {@code none}
     */
    record Choice(Path file, List<SnapshotConfiguration> configurations, String runtimeText, String seedHash) {

        /** @return {@code "<pid>/<attribute>"} of every Password attribute */
        Set<String> passwordAttributes() {
            Set<String> names = new HashSet<>();
            for (SnapshotConfiguration configuration : configurations) {
                for (SnapshotProperty property : configuration.properties()) {
                    if (property.type() == KuraType.PASSWORD) {
                        names.add(configuration.pid() + "/" + property.name());
                    }
                }
            }
            return names;
        }

        /** @return the PIDs of the singletons and the factory PIDs of the factory instances */
        Set<String> pids() {
            Set<String> pids = new HashSet<>();
            for (SnapshotConfiguration configuration : configurations) {
                pids.add(configuration.isFactoryInstance() ? configuration.factoryPid() : configuration.pid());
            }
            return pids;
        }
    }

    private StartupSnapshot() {
    }

    /**
     * @param seed the seed snapshot ({@code cityhub.snapshot}); may not exist
     * @param store the runtime's snapshots
     * @return the configuration to start with
     * @throws StartupException if the seed is needed and malformed or unreadable; the message names file, line and
     *     problem
     */
    static Choice choose(Path seed, SnapshotStore store) throws StartupException {
        byte[] seedBytes = readSeed(seed);
        String seedHash = seedBytes == null ? NO_SEED : sha256(seedBytes);
        List<Path> snapshots;
        try {
            snapshots = store.newestFirst();
        } catch (IOException e) {
            LOG.error("cityhub: cannot list the configuration snapshots in {}: {}; starting from the seed {}",
                    store.directory(), e.toString(), seed.toAbsolutePath());
            snapshots = List.of();
        }
        boolean damaged = false;
        for (Path file : snapshots) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                LOG.error("cityhub: cannot read the configuration snapshot {}: {}; trying the next older one", file,
                        e.toString());
                damaged = true;
                continue;
            }
            Matcher header = SEED_HASH.matcher(text.substring(0, Math.min(text.length(), 1024)));
            if (!header.find()) {
                LOG.error("cityhub: damaged configuration snapshot {}: no 'seed-sha256' header comment (the runtime"
                        + " writes one into every snapshot); trying the next older one", file);
                damaged = true;
                continue;
            }
            if (!header.group(1).equals(seedHash)) {
                LOG.warn("cityhub: the seed {} changed since {} was written: starting from the seed (the runtime's"
                        + " earlier snapshots stay in {})", seed.toAbsolutePath(), file, store.directory());
                break;
            }
            try {
                return new Choice(file, SnapshotReader.forRuntimeSnapshots()
                        .read(text.getBytes(StandardCharsets.UTF_8), file.toString()), text, seedHash);
            } catch (SnapshotException e) {
                LOG.error("cityhub: damaged configuration snapshot {}; trying the next older one", e.getMessage());
                damaged = true;
            }
        }
        if (damaged) {
            LOG.error("cityhub: no valid configuration snapshot in {}: starting from the seed {}", store.directory(),
                    seed.toAbsolutePath());
        }
        if (seedBytes == null) {
            LOG.warn("cityhub: no configuration snapshot at {}; components start with their default configuration",
                    seed.toAbsolutePath());
            return new Choice(null, List.of(), null, seedHash);
        }
        try {
            return new Choice(seed, new SnapshotReader().read(seedBytes, seed.toString()), null, seedHash);
        } catch (SnapshotException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    /** @return the header line of a snapshot written while {@code seedHash} was the seed's */
    static String header(String seedHash) {
        return "cityhub runtime snapshot: loaded at the next start instead of the seed while the seed is unchanged;"
                + " seed-sha256=" + seedHash;
    }

    private static byte[] readSeed(Path seed) throws StartupException {
        if (!Files.exists(seed)) {
            return null;
        }
        try {
            return Files.readAllBytes(seed);
        } catch (IOException e) {
            throw new StartupException(seed + ": cannot read: " + e, e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java 17 JVM has SHA-256", e);
        }
    }
}
