package io.cityhub.runtime.internal;

import java.util.function.UnaryOperator;

/**
 * The framework properties this bundle reads (each falls back to the system property of the same name, as
 * {@code BundleContext.getProperty} does).
 *
 * @param snapshot {@value #SNAPSHOT}: the snapshot file, relative to the working directory unless absolute;
 *     default {@value #DEFAULT_SNAPSHOT}
 * @param shutdownHook {@value #SHUTDOWN_HOOK}: register a JVM shutdown hook that stops the framework; default
 *     false. The distribution sets it; a test framework must not (the bnd tester calls {@code System.exit} while
 *     its bundle is active, and the hook would then wait for the full timeout).
 * @param exitOnError {@value #EXIT_ON_ERROR}: after a start-up failure, exit the JVM with status
 *     {@value #EXIT_STATUS}; default false, so a test framework is never killed and only sees the bundle fail
 * @param dataDir {@value #DATA_DIR}: the runtime's data directory, relative to the working directory unless
 *     absolute; default {@value #DEFAULT_DATA_DIR}. Republished to every bundle as an absolute path.
 */
record RuntimeSettings(String snapshot, boolean shutdownHook, boolean exitOnError, String dataDir) {

    static final String SNAPSHOT = "cityhub.snapshot";
    static final String SHUTDOWN_HOOK = "cityhub.shutdown.hook";
    static final String EXIT_ON_ERROR = "cityhub.exit.on.error";
    static final String DATA_DIR = "cityhub.data.dir";
    static final String DEFAULT_SNAPSHOT = "kura-config/snapshot_0.xml";
    static final String DEFAULT_DATA_DIR = "data";
    static final int EXIT_STATUS = 2;

    /**
     * @param properties property name → value, null when unset
     * @return the settings; a flag is on only for the exact text {@code true} (any case)
     */
    static RuntimeSettings from(UnaryOperator<String> properties) {
        String snapshot = properties.apply(SNAPSHOT);
        String dataDir = properties.apply(DATA_DIR);
        return new RuntimeSettings(snapshot == null || snapshot.isBlank() ? DEFAULT_SNAPSHOT : snapshot.strip(),
                Boolean.parseBoolean(properties.apply(SHUTDOWN_HOOK)),
                Boolean.parseBoolean(properties.apply(EXIT_ON_ERROR)),
                dataDir == null || dataDir.isBlank() ? DEFAULT_DATA_DIR : dataDir.strip());
    }
}
