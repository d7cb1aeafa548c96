package io.cityhub.filter.internal;

import io.cityhub.api.Reading;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.filter.FilterResult;
import io.cityhub.api.filter.ProfileFilterDefaults;
import io.cityhub.api.filter.ReadingFilter;
import io.cityhub.api.health.HealthContributor;
import io.cityhub.api.profile.DeviceProfileRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge filter chains of every sensor channel: built from the device profile's defaults or a
 * {@link SensorFilterOverride}, rebuilt when either changes, with their state. Open aggregation windows are written
 * to a state file while running (at most once per {@link #PERSIST_INTERVAL}, and only when one changed) and at
 * deactivation. After a clean stop they continue as they were; after a crash they continue marked partial, because
 * values aggregated after the last write are missing from them.
 */
@Component(service = {ReadingFilter.class, HealthContributor.class})
public final class ChannelFilterService implements ReadingFilter, HealthContributor {

    /** Name of the state file under the data root. */
    static final String STATE_FILE = "filter/windows.properties";

    /**
     * How often, at most, the open windows are written (with an fsync) while running: what a crash can cost is the
     * values aggregated in the last interval, and the windows that held them are then sent marked partial.
     */
    static final Duration PERSIST_INTERVAL = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(ChannelFilterService.class);

    private final WindowStore store;
    /** writes the open windows while running; null in tests that call {@link #persist()} themselves */
    private final ScheduledExecutorService persister;
    /** set when a window may have changed since the last write; cleared by the write */
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final ChainResolver resolver = new ChainResolver();
    /** bumped by every change of configuration or profiles; a channel whose chain is older rebuilds it */
    private final AtomicLong generation = new AtomicLong();
    /** the registry's {@link DeviceProfileRegistry#revision()} the current generation was built from */
    private volatile long registryRevision;
    private final Map<ChannelKey, Entry> entries = new ConcurrentHashMap<>();
    /** windows saved before the last restart that no channel has taken up yet */
    private final Map<ChannelKey, AggregateReadings.Pending> restored;

    private static final class Entry {
        final ChannelCounters counters = new ChannelCounters();
        long generation = -1;
        /** the profile the source named when the chain was built */
        String sourceProfile;
        ChannelChain chain;
        volatile String problem;
    }

    /** Used by DS. */
    @Activate
    public ChannelFilterService(BundleContext context) {
        this(new WindowStore(DataRoot.of(context).resolve(STATE_FILE)), PERSIST_INTERVAL);
    }

    /**
     * @param store where open aggregation windows are kept across a restart
     * @param persistInterval how often, at most, they are written while running; null for never (a test then calls
     *     {@link #persist()})
     */
    ChannelFilterService(WindowStore store, Duration persistInterval) {
        this.store = Objects.requireNonNull(store, "store");
        this.restored = new ConcurrentHashMap<>(loadOrSetAside(store));
        if (persistInterval == null) {
            this.persister = null;
        } else {
            this.persister = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "cityhub-filter-windows");
                t.setDaemon(true);
                return t;
            });
            long millis = persistInterval.toMillis();
            persister.scheduleWithFixedDelay(this::persistGuarded, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    private static Map<ChannelKey, AggregateReadings.Pending> loadOrSetAside(WindowStore store) {
        try {
            WindowStore.Saved saved = store.load();
            Map<ChannelKey, AggregateReadings.Pending> windows = saved.windows();
            if (windows.isEmpty()) {
                return windows;
            }
            if (saved.clean()) {
                LOG.info("Continuing {} aggregation windows saved at the last stop", windows.size());
                return windows;
            }
            // written while running, then no clean stop: values aggregated after that write are gone, so each
            // window goes on marked partial (and is sent so) instead of passing for complete
            LOG.warn("The last stop was not clean: {} aggregation windows recovered from {} continue marked partial;"
                    + " values aggregated in the last {} s before the stop are missing from them", windows.size(),
                    store.file(), PERSIST_INTERVAL.toSeconds());
            Map<ChannelKey, AggregateReadings.Pending> partial = new HashMap<>();
            windows.forEach((key, w) -> partial.put(key,
                    new AggregateReadings.Pending(w.template(), w.window().asPartial(), w.aggregate())));
            return partial;
        } catch (IOException | IllegalArgumentException e) {
            // a damaged file must not stop filtering; keep it for a technician instead of overwriting it
            Path aside = store.file().resolveSibling(store.file().getFileName() + ".damaged");
            LOG.error("Aggregation windows saved at the last stop are lost, file kept as {}: {}", aside,
                    e.getMessage());
            try {
                Files.move(store.file(), aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailure) {
                LOG.error("Could not move {} aside: {}", store.file(), moveFailure.getMessage());
            }
            return Map.of();
        }
    }

    /** Saves every open aggregation window (and those restored but not yet taken up), so none is lost. */
    @Deactivate
    void deactivate() {
        if (persister != null) {
            // shutdown, not shutdownNow: an interrupt would close the FileChannel of a write under way
            // (ClosedByInterruptException); the periodic task is cancelled and a running write completes
            persister.shutdown();
            try {
                if (!persister.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.warn("The aggregation window writer did not stop within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Map<ChannelKey, AggregateReadings.Pending> open = openWindows();
        try {
            synchronized (store) {
                store.save(open, true);
            }
            if (!open.isEmpty()) {
                LOG.info("Saved {} open aggregation windows to {}", open.size(), store.file());
            }
        } catch (IOException e) {
            LOG.error("Could not save {} open aggregation windows to {} at the stop; what was written while running"
                    + " is recovered, marked partial: {}", open.size(), store.file(), e.getMessage());
        }
    }

    /** The writer thread's outermost guard: a failure is logged and the next round tries again. */
    private void persistGuarded() {
        try {
            persist();
        } catch (IOException e) {
            dirty.set(true);
            LOG.error("Could not write the open aggregation windows to {}; retrying in {} s: {}", store.file(),
                    PERSIST_INTERVAL.toSeconds(), e.getMessage());
        } catch (RuntimeException e) {
            dirty.set(true);
            LOG.error("Writing the open aggregation windows failed; retrying", e);
        }
    }

    /**
     * Writes the open windows if one may have changed since the last write (new file, fsync, rename), marked as
     * written while running.
     *
     * @return whether it wrote
     * @throws IOException if the file cannot be written (the previous one stays)
     */
    boolean persist() throws IOException {
        if (!dirty.getAndSet(false)) {
            return false;
        }
        Map<ChannelKey, AggregateReadings.Pending> open = openWindows();
        synchronized (store) {
            store.save(open, false);
        }
        return true;
    }

    private Map<ChannelKey, AggregateReadings.Pending> openWindows() {
        Map<ChannelKey, AggregateReadings.Pending> open = new HashMap<>(restored);
        for (Map.Entry<ChannelKey, Entry> e : entries.entrySet()) {
            synchronized (e.getValue()) {
                ChannelChain chain = e.getValue().chain;
                AggregateReadings.Pending pending = chain == null ? null : chain.pending();
                if (pending != null) {
                    open.put(e.getKey(), pending);
                }
            }
        }
        return open;
    }

    @Reference(name = "registry", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindRegistry", updated = "updatedRegistry")
    void bindRegistry(DeviceProfileRegistry registry) {
        resolver.registry = registry;
        generation.incrementAndGet();
    }

    /**
     * The registry reloaded its profiles (its configuration changed, e.g. a profile directory with a new or edited
     * file): SCR updates its service properties, and every channel re-resolves its chain at its next reading.
     */
    void updatedRegistry(DeviceProfileRegistry registry) {
        generation.incrementAndGet();
    }

    void unbindRegistry(DeviceProfileRegistry registry) {
        if (resolver.registry == registry) {
            resolver.registry = null;
            generation.incrementAndGet();
        }
    }

    @Reference(name = "defaults", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindDefaults", updated = "updatedDefaults")
    void bindDefaults(ProfileFilterDefaults defaults) {
        resolver.defaults = defaults;
        generation.incrementAndGet();
    }

    /** The profiles' default filters were reloaded: channels re-resolve their chains at their next reading. */
    void updatedDefaults(ProfileFilterDefaults defaults) {
        generation.incrementAndGet();
    }

    void unbindDefaults(ProfileFilterDefaults defaults) {
        if (resolver.defaults == defaults) {
            resolver.defaults = null;
            generation.incrementAndGet();
        }
    }

    @Reference(name = "overrides", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeOverride")
    void addOverride(SensorFilterOverride override) {
        SensorFilterOverride previous = resolver.overrides.put(override.key(), override);
        if (previous != null && previous != override) {
            LOG.warn("Two filter configurations for {}; the later one applies", override.key());
        }
        generation.incrementAndGet();
    }

    void removeOverride(SensorFilterOverride override) {
        if (resolver.overrides.remove(override.key(), override)) {
            generation.incrementAndGet();
        }
    }

    @Override
    public FilterResult filter(List<Reading> readings) {
        long current = currentGeneration();
        List<Reading> out = new ArrayList<>(readings.size());
        int filtered = 0;
        boolean windowsChanged = false;
        for (Reading reading : readings) {
            ChannelKey key = new ChannelKey(reading.sensorId(), reading.channel());
            Entry entry = entries.computeIfAbsent(key, k -> new Entry());
            String sourceProfile = reading.source().attributes().get(SourceMetadata.PROFILE);
            synchronized (entry) {
                if (entry.generation != current || !Objects.equals(entry.sourceProfile, sourceProfile)) {
                    entry.sourceProfile = sourceProfile;
                    windowsChanged |= refresh(key, entry, current, out);
                }
                int before = out.size();
                ChannelChain.Outcome outcome;
                if (entry.chain == null) {
                    out.add(reading);
                    outcome = ChannelChain.Outcome.PASSED;
                } else {
                    outcome = entry.chain.offer(reading, out);
                }
                entry.counters.count(outcome, out.size() - before);
                if (outcome.dropped()) {
                    filtered++;
                }
                windowsChanged |= outcome == ChannelChain.Outcome.AGGREGATED;
            }
        }
        if (windowsChanged && !dirty.get()) { // one read per batch; a write only when it flips
            dirty.set(true);
        }
        return new FilterResult(out, filtered);
    }

    /**
     * The generation chains must have: bumped here when the registry reloaded its profiles (a technician's new or
     * edited file) without a change of its service properties that SCR would report through {@code updated}.
     * One volatile read and one call per batch: nothing per reading.
     */
    private long currentGeneration() {
        DeviceProfileRegistry registry = resolver.registry;
        if (registry != null) {
            long revision = registry.revision();
            if (revision != registryRevision) {
                synchronized (generation) {
                    if (revision != registryRevision) {
                        registryRevision = revision;
                        generation.incrementAndGet();
                    }
                }
            }
        }
        return generation.get();
    }

    /**
     * Rebuilds a channel's chain if its specification changed; emits what the old chain still held.
     *
     * @return whether an open or restored aggregation window was sent, taken up or dropped from the chain
     */
    private boolean refresh(ChannelKey key, Entry entry, long current, List<Reading> out) {
        ChainSpec spec;
        try {
            spec = resolver.resolve(key, entry.sourceProfile);
            entry.problem = null;
        } catch (IllegalArgumentException e) {
            // a broken profile default leaves this channel unfiltered, and nothing else
            if (!e.getMessage().equals(entry.problem)) {
                LOG.error("Filters of {} not applied: {}", key, e.getMessage());
            }
            entry.problem = e.getMessage();
            spec = ChainSpec.NONE;
        }
        ChannelChain old = entry.chain;
        boolean windowsChanged = false;
        if (old == null || !old.spec().equals(spec)) {
            AggregateReadings.Pending pending = old == null ? null : old.pending();
            if (pending != null) {
                windowsChanged = true;
                AggregateReadings.add(pending.template(), pending.window().asPartial(), pending.aggregate(), out);
            }
            entry.chain = spec.isEmpty() ? null : new ChannelChain(spec);
            AggregateReadings.Pending saved = restored.remove(key);
            windowsChanged |= saved != null;
            if (saved != null && (entry.chain == null || !entry.chain.resume(saved))) {
                // the channel no longer aggregates over such windows: send what was saved, marked partial
                AggregateReadings.add(saved.template(), saved.window().asPartial(), saved.aggregate(), out);
            }
        }
        entry.generation = current;
        return windowsChanged;
    }

    @Override
    public String healthSection() {
        return "filter";
    }

    @Override
    public Map<String, Object> health() {
        Map<String, Object> health = new TreeMap<>();
        long in = 0;
        long out = 0;
        long dropped = 0;
        for (Map.Entry<ChannelKey, Entry> e : entries.entrySet()) {
            ChannelCounters c = e.getValue().counters;
            c.report(e.getKey().toString(), health);
            in += c.in();
            out += c.out();
            for (ChannelChain.Outcome o : ChannelChain.Outcome.values()) {
                dropped += o.dropped() ? c.of(o) : 0;
            }
            String problem = e.getValue().problem;
            if (problem != null) {
                health.put(e.getKey() + ".problem", problem);
            }
        }
        health.put("in", in);
        health.put("out", out);
        health.put("filtered", dropped);
        health.put("channels", entries.size());
        health.put("overrides", resolver.overrides.size());
        health.put("profiles", resolver.registry != null);
        return health;
    }
}
