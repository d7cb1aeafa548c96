package io.cityhub.runtime.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The standalone runtime's data directory: where components keep what must survive a restart (the outbox, later
 * LoRa sessions and pulse counters) and where the OSGi framework keeps its storage. Published to every bundle as
 * the framework property {@value RuntimeSettings#DATA_DIR}, absolute, so a component resolves its relative paths
 * against it rather than against the process's working directory.
 */
final class DataDirectory {

    private DataDirectory() {
    }

    /**
     * @param configured the configured directory, relative to the working directory unless absolute
     * @return the absolute, normalised directory, created if it did not exist
     * @throws StartupException if it is not a valid path or cannot be created
     */
    static Path prepare(String configured) throws StartupException {
        Path dir;
        try {
            dir = Path.of(configured).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new StartupException(configured + ": not a valid path (" + RuntimeSettings.DATA_DIR + ")", e);
        }
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StartupException(dir + ": cannot create the data directory (" + RuntimeSettings.DATA_DIR
                    + "): " + e, e);
        }
    }

    /**
     * @param dataDir the data directory
     * @param frameworkStorage the framework's storage ({@code org.osgi.framework.storage}), null if unknown
     * @return whether the storage lies inside the data directory
     */
    static boolean holds(Path dataDir, String frameworkStorage) {
        if (frameworkStorage == null) {
            return false;
        }
        try {
            return Path.of(frameworkStorage).toAbsolutePath().normalize().startsWith(dataDir);
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
