package io.cityhub.runtime.internal;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.kura.crypto.CryptoService;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.launch.Framework;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.log.LogReaderService;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the standalone runtime's services (header {@code Bundle-Activator}).
 *
 * <p>Why an activator and not a DS component: the snapshot must be in ConfigurationAdmin before cityhub's
 * components activate, so they start once, with their real configuration. A bundle activator runs
 * synchronously while its bundle starts; the distribution gives this bundle a start level above ConfigAdmin's
 * and below every other cityhub bundle, so the start-level thread reaches cityhub's components only after
 * {@link #start} has returned.
 *
 * <p>The snapshot is the newest valid one of the runtime's own ({@link StartupSnapshot}), or the seed; from then on
 * {@link SnapshotPersister} writes a new one after every cityhub configuration change, so a change survives a
 * restart. Password values are encrypted under the gateway's key file ({@link RuntimeKeyFile}).
 *
 * <p>Start-up failure (malformed seed, unreadable or damaged key file, no ConfigurationAdmin): logged at ERROR as
 * {@code cityhub: cannot start: <file>:<line>: <problem>}, and this bundle fails to start. With
 * {@code cityhub.exit.on.error=true} (set by the distribution) the JVM then exits with status 2 at once, from
 * {@code start} itself: that blocks the start-level thread, so no cityhub component ever activates with a
 * configuration the installer did not intend (a buffer in the default directory, an uplink to the default
 * broker). The framework is not stopped first: only bundles below this one's start level (ConfigAdmin, SCR,
 * logging) are running, and stopping the framework would wait for the very start-level thread that is blocked
 * here. For the same reason the shutdown hook is removed before exiting. Without the property (a test
 * framework), nothing exits: the test sees the bundle fail.
 */
public final class RuntimeActivator implements BundleActivator {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeActivator.class);

    /** ConfigAdmin starts at a lower start level, so it is normally there at once; this only bounds a mistake. */
    static final Duration CONFIGURATION_ADMIN_WAIT = Duration.ofSeconds(10);
    /** Long enough for MapDB to commit and close and the uplink to disconnect; the JVM exits after it regardless. */
    static final Duration FRAMEWORK_STOP_WAIT = Duration.ofSeconds(15);
    /** A snapshot is written once changes have been quiet this long (a UI save may restart several components). */
    static final Duration SNAPSHOT_QUIET = Duration.ofSeconds(1);
    /** ...but no change waits longer than this for its snapshot. */
    static final Duration SNAPSHOT_LONGEST = Duration.ofSeconds(10);
    /** A failed snapshot write is tried again after this long. */
    static final Duration SNAPSHOT_RETRY = Duration.ofSeconds(30);
    /** How long the stopping bundle waits for the last snapshot. */
    static final Duration SNAPSHOT_CLOSE_WAIT = Duration.ofSeconds(10);

    /** The registered hook, null when the bundle is stopped; start/stop are serialised by the framework. */
    private FrameworkShutdownHook shutdownHook;
    /** Forwards OSGi log entries to slf4j while the bundle is active; null when stopped. */
    private ServiceTracker<LogReaderService, LogReaderService> logReaders;
    /** The runtime's CryptoService while the bundle is active; null when stopped. */
    private ServiceRegistration<CryptoService> cryptoRegistration;
    /** ConfigurationAdmin while the bundle is active; null when stopped. */
    private ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> configurationAdmins;
    /** Writes the runtime's snapshots while the bundle is active; null when stopped. */
    private SnapshotPersister persister;
    /** The persister as a ConfigurationListener; null when stopped. */
    private ServiceRegistration<ConfigurationListener> persisterRegistration;

    /** Created by the framework. */
    public RuntimeActivator() {
        // state is created in start
    }

    /**
     * Installs the shutdown hook if configured, registers the runtime's CryptoService, then loads the snapshot into
     * ConfigurationAdmin with its Password values encrypted by that service.
     *
     * @param context this bundle's context
     * @throws BundleException if start-up cannot go on; the message says why
     */
    @Override
    public void start(BundleContext context) throws BundleException {
        RuntimeSettings settings = RuntimeSettings.from(context::getProperty);
        Framework framework = context.getBundle(Constants.SYSTEM_BUNDLE_ID).adapt(Framework.class);
        FrameworkShutdownHook hook = new FrameworkShutdownHook(framework, FRAMEWORK_STOP_WAIT);
        if (settings.shutdownHook()) {
            hook.install();
        }
        logReaders = forwardOsgiLog(context);
        configurationAdmins = new ServiceTracker<>(context, ConfigurationAdmin.class, null);
        configurationAdmins.open();
        try {
            Path dataDir = DataDirectory.prepare(settings.dataDir());
            publishDataDir(context, dataDir);
            removeLauncherLeftovers(framework);
            // the gateway's persistent key, registered before any cityhub component can start: components decrypt
            // with the service that encrypted their configuration, in this run and the next
            RuntimeKeyFile.Key key = RuntimeKeyFile.loadOrCreate(dataDir.resolve(RuntimeKeyFile.FILE_NAME),
                    new SecureRandom());
            RuntimeCryptoService crypto = RuntimeCryptoService.withKey(key.bytes());
            Arrays.fill(key.bytes(), (byte) 0);
            cryptoRegistration = context.registerService(CryptoService.class, crypto, null);
            SnapshotStore store = new SnapshotStore(dataDir.resolve(SnapshotStore.DIR_NAME), Clock.systemUTC());
            store.removeTemporaryFiles();
            StartupSnapshot.Choice choice = StartupSnapshot.choose(seedPath(settings), store);
            if (key.created() && choice.runtimeText() != null) {
                LOG.error("cityhub: the runtime's key file was missing and a new key was made, but {} was written"
                        + " under the old key: its Password values cannot be decrypted (each is named below)",
                        choice.file());
            }
            loadSnapshot(context, choice, crypto);
            persist(context, crypto, store, choice);
        } catch (StartupException e) {
            String message = "cityhub: cannot start: " + e.getMessage();
            LOG.error(message);
            if (settings.exitOnError()) {
                exit(hook);
            } else {
                hook.remove();
            }
            stopServices();
            throw new BundleException(message, BundleException.ACTIVATOR_ERROR, e);
        }
        shutdownHook = hook;
    }

    /**
     * Removes the shutdown hook and the CryptoService; configurations stay in ConfigurationAdmin.
     *
     * @param context this bundle's context
     */
    @Override
    public void stop(BundleContext context) {
        stopServices();
        if (shutdownHook != null) {
            shutdownHook.remove();
            shutdownHook = null;
        }
    }

    /** Writes what is pending, then unregisters and closes what {@link #start} opened, in reverse order. */
    private void stopServices() {
        if (persisterRegistration != null) {
            persisterRegistration.unregister();
            persisterRegistration = null;
        }
        if (persister != null) {
            // ConfigAdmin starts at a lower start level, so it is still there for the last write
            persister.close(SNAPSHOT_CLOSE_WAIT);
            persister = null;
        }
        if (configurationAdmins != null) {
            configurationAdmins.close();
            configurationAdmins = null;
        }
        if (cryptoRegistration != null) {
            cryptoRegistration.unregister();
            cryptoRegistration = null;
        }
        if (logReaders != null) {
            logReaders.close();
            logReaders = null;
        }
    }

    /**
     * From now on every change of a cityhub configuration is written to a new snapshot; the first is written at once
     * when the runtime started from the seed (a start from its own snapshot writes nothing until something changes).
     */
    private void persist(BundleContext context, RuntimeCryptoService crypto, SnapshotStore store,
            StartupSnapshot.Choice choice) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "cityhub-snapshot-writer");
            thread.setDaemon(true);
            return thread;
        });
        ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> admins = configurationAdmins;
        persister = new SnapshotPersister(admins::getService, new SnapshotWriter(crypto, choice.passwordAttributes()),
                store, StartupSnapshot.header(choice.seedHash()), choice.pids(), choice.runtimeText(), executor,
                SNAPSHOT_QUIET, SNAPSHOT_LONGEST, SNAPSHOT_RETRY);
        persisterRegistration = context.registerService(ConfigurationListener.class, persister, null);
        persister.changed();
    }

    /**
     * Registers the forwarder with every LogReaderService (the framework provides one), so that from now on SCR's
     * warnings and errors — an activation that failed, and why — reach the gateway's log.
     */
    private static ServiceTracker<LogReaderService, LogReaderService> forwardOsgiLog(BundleContext context) {
        OsgiLogForwarder forwarder = new OsgiLogForwarder();
        ServiceTracker<LogReaderService, LogReaderService> tracker;
        tracker = new ServiceTracker<>(context, LogReaderService.class, null) {
            @Override
            public LogReaderService addingService(ServiceReference<LogReaderService> reference) {
                LogReaderService reader = super.addingService(reference);
                if (reader != null) {
                    reader.addLogListener(forwarder);
                }
                return reader;
            }

            @Override
            public void removedService(ServiceReference<LogReaderService> reference, LogReaderService reader) {
                reader.removeLogListener(forwarder);
                super.removedService(reference, reader);
            }
        };
        tracker.open();
        return tracker;
    }

    /**
     * Publishes the absolute data directory as the framework property {@value RuntimeSettings#DATA_DIR}. Framework
     * properties are fixed when the launcher creates the framework, and the launcher cannot make a path absolute;
     * Equinox's EnvironmentInfo sets one at run time. This bundle starts before every cityhub component, so they all
     * see the absolute path. Without Equinox, the system property (BundleContext.getProperty's fallback) is set.
     */
    private static void publishDataDir(BundleContext context, Path dataDir) {
        if (!FrameworkProperties.set(context, RuntimeSettings.DATA_DIR, dataDir.toString())) {
            System.setProperty(RuntimeSettings.DATA_DIR, dataDir.toString());
        }
        String storage = context.getProperty(Constants.FRAMEWORK_STORAGE);
        if (DataDirectory.holds(dataDir, storage)) {
            LOG.info("cityhub: data directory {} (framework storage {})", dataDir, storage);
        } else {
            LOG.warn("cityhub: data directory {}, but the framework storage is {}; start with "
                    + "-Dlaunch.storage.dir={} to keep it there", dataDir, storage, dataDir.resolve("framework"));
        }
    }

    private static void removeLauncherLeftovers(Framework framework) {
        List<Path> current = LauncherLeftovers.currentCopies(framework.getClass().getClassLoader());
        if (current.isEmpty()) {
            return;
        }
        Path tmpDir = current.get(0).getParent();
        try {
            List<Path> removed = LauncherLeftovers.removeStale(tmpDir, current);
            if (!removed.isEmpty()) {
                LOG.info("cityhub: removed {} launcher copies that runs which did not stop cleanly left in {}",
                        removed.size(), tmpDir);
            }
        } catch (IOException e) {
            LOG.warn("cityhub: cannot look for launcher copies left in {}: {}", tmpDir, e.toString());
        }
    }

    private static Path seedPath(RuntimeSettings settings) throws StartupException {
        try {
            return Path.of(settings.snapshot());
        } catch (InvalidPathException e) {
            throw new StartupException(settings.snapshot() + ": not a valid path (" + RuntimeSettings.SNAPSHOT + ")",
                    e);
        }
    }

    private void loadSnapshot(BundleContext context, StartupSnapshot.Choice choice, CryptoService crypto)
            throws StartupException {
        if (choice.file() == null) {
            return;
        }
        try {
            ConfigurationAdmin configurationAdmin =
                    configurationAdmins.waitForService(CONFIGURATION_ADMIN_WAIT.toMillis());
            if (configurationAdmin == null) {
                throw new StartupException(
                        "no ConfigurationAdmin service within " + CONFIGURATION_ADMIN_WAIT.toSeconds()
                                + " s; a ConfigAdmin bundle must be installed with a lower start level than "
                                + context.getBundle().getSymbolicName(),
                        null);
            }
            int changed = new ConfigurationPusher(configurationAdmin, crypto).push(choice.configurations(),
                    choice.file().toString());
            LOG.info("cityhub: loaded {} configurations ({} changed) from {}", choice.configurations().size(), changed,
                    choice.file().toAbsolutePath());
        } catch (IOException e) {
            throw new StartupException(choice.file() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while waiting for ConfigurationAdmin", e);
        }
    }

    private static void exit(FrameworkShutdownHook hook) {
        hook.remove(); // it would wait for a framework stop that cannot happen while start() blocks
        LOG.error("cityhub: exiting with status {}", RuntimeSettings.EXIT_STATUS);
        System.exit(RuntimeSettings.EXIT_STATUS);
    }
}
