package io.cityhub.runtime.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps ConfigurationAdmin's cityhub configurations in the runtime's snapshots, as Kura does: after every change of
 * an {@code io.cityhub.*} configuration (updated, deleted, a factory instance added or removed; from the web UI or
 * anything else) a new snapshot is written to the {@link SnapshotStore}, and the next start loads it.
 *
 * <p>Bursts are written once: a write waits until no change came for the quiet period, but never longer than the
 * longest delay after the first unwritten change (a UI save restarts a component, which may update more
 * configurations). Writes run on one named thread, one at a time. A snapshot equal to the last one written (or
 * loaded) is not written again.
 *
 * <p>A write that fails (disk full, read-only file system, the directory in the way) leaves the gateway running
 * with its configuration; one ERROR line says that a restart would lose the changes, the write is retried after
 * the retry delay and at every later change, and one INFO line says when the snapshot is written again.
 */
final class SnapshotPersister implements ConfigurationListener {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotPersister.class);
    private static final String CITYHUB = "io.cityhub.";

    private final Supplier<ConfigurationAdmin> configurationAdmin;
    private final SnapshotWriter writer;
    private final SnapshotStore store;
    private final String header;
    private final Set<String> startPids;
    private final ScheduledExecutorService executor;
    private final long quietNanos;
    private final long longestNanos;
    private final long retryNanos;

    private final Object lock = new Object();
    /** Guarded by {@link #lock}: the scheduled write, null when none is pending. */
    private ScheduledFuture<?> pending;
    /** Guarded by {@link #lock}: when the oldest unwritten change came. */
    private long firstChangeNanos;
    /** Guarded by {@link #lock}: counts schedules, so a write only clears its own pending entry. */
    private long generation;
    /**
     * Only touched on the writer thread: SHA-256 of the newest snapshot's text, written or loaded; null if none. A
     * digest rather than the text: with a thousand LoRa devices a snapshot is 1.5 MB, held for the gateway's life.
     */
    private byte[] lastWritten;
    /** Only touched on the writer thread: whether the last write failed (an outage is logged once). */
    private boolean failing;

    /**
     * @param configurationAdmin the current ConfigurationAdmin, or null while there is none
     * @param writer turns configurations into snapshot text
     * @param store where snapshots go
     * @param header the comment line at the top of every snapshot (where it comes from)
     * @param startPids PIDs and factory PIDs of the snapshot the runtime started from: kept even if not cityhub's
     * @param lastWritten the text of the snapshot the runtime started from if it was one of its own, else null
     * @param executor a single-threaded executor this persister owns (shut down by {@link #close})
     * @param quiet how long after a change no further change must come before a write
     * @param longest the longest a change waits for a write
     * @param retry how long after a failed write it is tried again
     */
    SnapshotPersister(Supplier<ConfigurationAdmin> configurationAdmin, SnapshotWriter writer, SnapshotStore store,
            String header, Set<String> startPids, String lastWritten, ScheduledExecutorService executor,
            Duration quiet, Duration longest, Duration retry) {
        this.configurationAdmin = Objects.requireNonNull(configurationAdmin, "configurationAdmin");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.store = Objects.requireNonNull(store, "store");
        this.header = Objects.requireNonNull(header, "header");
        this.startPids = Set.copyOf(startPids);
        this.lastWritten = lastWritten == null ? null : digest(lastWritten);
        this.executor = Objects.requireNonNull(executor, "executor");
        this.quietNanos = quiet.toNanos();
        this.longestNanos = longest.toNanos();
        this.retryNanos = retry.toNanos();
    }

    /** Called by ConfigurationAdmin (asynchronously) after every configuration change. */
    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (concerns(event.getPid()) || concerns(event.getFactoryPid())) {
            changed();
        }
    }

    private boolean concerns(String pid) {
        return pid != null && (pid.startsWith(CITYHUB) || startPids.contains(pid));
    }

    /** Schedules a write after the quiet period (or sooner, so no change waits longer than the longest delay). */
    void changed() {
        schedule(quietNanos, true);
    }

    /**
     * @param delayNanos the wanted delay
     * @param bounded whether the delay is cut so the oldest unwritten change waits no longer than the longest delay
     *     (a change); a retry after a failure is not
     */
    private void schedule(long delayNanos, boolean bounded) {
        synchronized (lock) {
            long now = System.nanoTime();
            if (pending == null) {
                firstChangeNanos = now;
            } else if (!bounded) {
                return; // a change is already due sooner than a retry
            } else {
                pending.cancel(false);
            }
            long delay = bounded ? Math.max(0, Math.min(delayNanos, firstChangeNanos + longestNanos - now))
                    : delayNanos;
            long mine = ++generation;
            try {
                pending = executor.schedule(() -> write(mine), delay, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                pending = null; // closed: the final write has run or is running
            }
        }
    }

    /**
     * Writes the current configuration if it differs from the last snapshot, then stops the writer thread; a change
     * after this is not written. Always compares rather than only writing a pending change: ConfigurationAdmin
     * delivers its events asynchronously, so a change made just before the stop may not have been announced yet.
     *
     * @param wait how long to wait for the final write
     */
    void close(Duration wait) {
        synchronized (lock) {
            if (pending != null) {
                pending.cancel(false);
                pending = null;
            }
            generation++;
        }
        try {
            executor.submit(this::save).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            LOG.error("cityhub: the last configuration snapshot was not written before the runtime stopped: {}",
                    e.toString());
        } finally {
            executor.shutdownNow();
        }
        try {
            if (!executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("cityhub: the snapshot writer did not stop within {} ms", wait.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(long mine) {
        synchronized (lock) {
            if (mine == generation) {
                pending = null;
            }
        }
        try {
            save();
        } catch (RuntimeException e) {
            // the writer thread's outermost guard: one bad write must not end persistence for the run
            LOG.error("cityhub: cannot write the configuration snapshot", e);
        }
    }

    /** Writes a snapshot of the current configurations unless it equals the last one; on the writer thread. */
    private void save() {
        ConfigurationAdmin admin = configurationAdmin.get();
        if (admin == null) {
            return;
        }
        try {
            String xml = writer.write(current(admin), header);
            byte[] digest = digest(xml);
            if (Arrays.equals(digest, lastWritten)) {
                return;
            }
            Path file = store.write(xml);
            lastWritten = digest;
            if (failing) {
                failing = false;
                LOG.info("cityhub: configuration snapshot written again: {}", file);
            } else {
                LOG.info("cityhub: configuration saved to {}", file);
            }
        } catch (IOException | InvalidSyntaxException e) {
            if (!failing) {
                failing = true;
                LOG.error("cityhub: cannot write the configuration snapshot to {}: {}. The gateway runs on with its"
                        + " current configuration, but a restart now would lose the changes since the last snapshot;"
                        + " retrying every {} s and at every change", store.directory(), e.toString(),
                        TimeUnit.NANOSECONDS.toSeconds(retryNanos));
            }
            schedule(retryNanos, false);
        }
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private List<SnapshotWriter.Stored> current(ConfigurationAdmin admin) throws IOException, InvalidSyntaxException {
        Configuration[] all = admin.listConfigurations(null);
        List<SnapshotWriter.Stored> stored = new ArrayList<>();
        for (Configuration configuration : all == null ? new Configuration[0] : all) {
            var properties = configuration.getProperties();
            if (properties != null
                    && (concerns(configuration.getPid()) || concerns(configuration.getFactoryPid()))) {
                stored.add(new SnapshotWriter.Stored(configuration.getPid(), configuration.getFactoryPid(),
                        properties));
            }
        }
        return stored;
    }
}
