package io.cityhub.sensor.lora.internal;

import java.io.File;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;

/**
 * Where persistent state lives (DESIGN.md): absolute paths as configured; relative ones against the framework or
 * system property {@code cityhub.data.dir} (set by the standalone runtime), else the bundle's persistent storage area
 * (inside Kura a location Kura keeps). Never the process's working directory or a temp folder.
 */
final class DataRoot {

    /** The framework/system property naming the gateway's data directory. */
    static final String PROPERTY = "cityhub.data.dir";

    private DataRoot() {
    }

    /**
     * @param configured the configured path
     * @param context the bundle's context
     * @return the absolute path
     * @throws IllegalArgumentException if the path is relative and the framework offers no storage area
     */
    static Path resolve(String configured, BundleContext context, String pid, String attribute) {
        Path path = Path.of(configured);
        if (path.isAbsolute()) {
            return path;
        }
        String root = context.getProperty(PROPERTY);
        if (root != null && !root.isBlank()) {
            return Path.of(root).resolve(path).toAbsolutePath();
        }
        File area = context.getDataFile("");
        if (area == null) {
            throw new IllegalArgumentException(pid + ": attribute '" + attribute + "' has invalid value '" + configured
                    + "'; expected an absolute path (neither " + PROPERTY + " nor a bundle storage area is there)");
        }
        return area.toPath().resolve(path).toAbsolutePath();
    }
}
