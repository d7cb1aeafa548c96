package io.cityhub.filter.internal;

import java.io.File;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;

/**
 * The gateway's data root, where the filter state lives: the property {@code cityhub.data.dir} (the standalone
 * runtime's data directory), else Kura's data directory (system property {@code kura.data}), else the bundle's
 * persistent storage area; never the process's working directory.
 */
final class DataRoot {

    private DataRoot() {
    }

    /** @throws IllegalArgumentException if a property names a relative path, or there is no root at all */
    static Path of(BundleContext context) {
        for (String property : new String[] {"cityhub.data.dir", "kura.data"}) {
            String value = context.getProperty(property);
            if (value != null && !value.isBlank()) {
                Path path = Path.of(value.trim());
                if (!path.isAbsolute()) {
                    throw new IllegalArgumentException("property '" + property + "' has invalid value '" + value
                            + "'; expected an absolute path");
                }
                return path;
            }
        }
        File area = context.getDataFile("");
        if (area == null) {
            throw new IllegalArgumentException("no data root: neither cityhub.data.dir nor kura.data is set and the"
                    + " framework gives the bundle no storage area");
        }
        return area.toPath().toAbsolutePath();
    }
}
