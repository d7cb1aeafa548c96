package io.cityhub.buffer.mapdb.internal;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The gateway's data root, against which a relative store directory resolves; never the process's working
 * directory, which inside Kura depends on its start script. In this order:
 * <ol>
 * <li>the framework or system property {@value #CITYHUB_PROPERTY} (the standalone runtime sets it to its data
 * directory);</li>
 * <li>the system property {@value #KURA_PROPERTY}, which Kura's start scripts pass to the JVM (its
 * {@code <kura home>/data} folder);</li>
 * <li>the bundle's persistent storage area in the framework ({@code BundleContext.getDataFile("")}).</li>
 * </ol>
 *
 * @param path the absolute data root
 * @param source where it came from, for the log and the error messages
 */
record DataRoot(Path path, String source) {

    /** Framework or system property naming cityhub's data directory. */
    static final String CITYHUB_PROPERTY = "cityhub.data.dir";
    /** System property Kura sets to its data directory. */
    static final String KURA_PROPERTY = "kura.data";

    /**
     * @param properties framework properties (falling back to system properties, as {@code BundleContext.getProperty}
     *     does); returns null for an absent one
     * @param bundleData the bundle's persistent storage area, or null if the framework has no file system support
     * @return the data root
     * @throws IllegalArgumentException if a property names a relative or malformed path, or no root exists at all
     */
    static DataRoot find(Function<String, String> properties, Supplier<File> bundleData) {
        for (String property : new String[] {CITYHUB_PROPERTY, KURA_PROPERTY}) {
            String value = properties.apply(property);
            if (value != null && !value.isBlank()) {
                Path path;
                try {
                    path = Path.of(value.trim());
                } catch (InvalidPathException e) {
                    throw new IllegalArgumentException("property '" + property + "' has invalid value '" + value
                            + "'; expected an absolute path", e);
                }
                if (!path.isAbsolute()) {
                    throw new IllegalArgumentException("property '" + property + "' has invalid value '" + value
                            + "'; expected an absolute path");
                }
                return new DataRoot(path, "property " + property);
            }
        }
        File area = bundleData.get();
        if (area == null) {
            throw new IllegalArgumentException("no data root: neither " + CITYHUB_PROPERTY + " nor " + KURA_PROPERTY
                    + " is set and the framework gives the bundle no persistent storage area; expected an absolute "
                    + "store directory");
        }
        return new DataRoot(area.toPath().toAbsolutePath(), "the bundle's persistent storage area");
    }

    /** @return {@code directory} if absolute, else resolved against this root */
    Path resolve(Path directory) {
        return directory.isAbsolute() ? directory : path.resolve(directory);
    }
}
