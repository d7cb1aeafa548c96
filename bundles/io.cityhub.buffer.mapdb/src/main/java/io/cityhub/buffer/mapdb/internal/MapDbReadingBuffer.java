package io.cityhub.buffer.mapdb.internal;

import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.buffer.Batch;
import io.cityhub.api.buffer.BufferMetrics;
import io.cityhub.api.buffer.BufferState;
import io.cityhub.api.buffer.BufferUnavailableException;
import io.cityhub.api.buffer.ClassDepth;
import io.cityhub.api.buffer.ReadingArchive;
import io.cityhub.api.buffer.ReadingBuffer;
import io.cityhub.api.buffer.ReplayPage;
import io.cityhub.api.buffer.ReplayQuery;
import io.cityhub.api.health.HealthContributor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable outbox on MapDB, and the archive of delivered readings behind replay requests.
 *
 * <p>Appends are encoded by the calling thread and handed to one writer thread that group-commits them
 * ({@link GroupCommitWriter}); takes and acknowledgements work on an in-memory index of the stored chunks
 * ({@link PendingIndex}). Acknowledgements are made durable lazily by the next commit: after a crash, at most
 * readings delivered shortly before it are delivered again, which at-least-once delivery allows.
 */
// immediate: the outbox opens (and recovers, expires, reports gaps) at start, not when a sensor first posts
@Component(
        configurationPid = MapDbReadingBuffer.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true,
        service = {ReadingBuffer.class, ReadingArchive.class, HealthContributor.class, ConfigurableComponent.class})
@Designate(ocd = MapDbReadingBufferConfig.class)
public final class MapDbReadingBuffer
        implements ReadingBuffer, ReadingArchive, HealthContributor, ConfigurableComponent {

    /** Configuration PID, also the metatype OCD id. */
    public static final String PID = "io.cityhub.buffer.mapdb.MapDbReadingBuffer";

    private static final Logger LOG = LoggerFactory.getLogger(MapDbReadingBuffer.class);
    /** Room a fresh MapDB store needs besides the salvaged chunks (its first page and WAL). */
    private static final long RECOVERY_HEADROOM = 1 << 20;
    /** Caps the age a loaded chunk gets (100 years), so that it fits in nanoseconds. */
    private static final long MAX_LOADED_AGE_MILLIS = 100L * 365 * 24 * 3600 * 1000;

    /** Replaced by {@link #modified}; every reader takes one snapshot per use. */
    private final AtomicReference<BufferOptions> options;
    private final Supplier<DataRoot> dataRoot;
    private final Clock clock;
    /** Ages pending readings: a step of the wall clock must not expire (or keep) them. */
    private final LongSupplier monotonic;
    private final ChunkCodec codec = new ChunkCodec();
    private final BufferCounters counters = new BufferCounters();
    private final PendingIndex index = new PendingIndex();
    private final ChunkStore store;
    private final RetentionArchive archive;
    private final GroupCommitWriter writer;
    private final ExecutorService writerThread;

    /**
     * Opens (or recovers) the store and starts the writer thread.
     *
     * @param config the configuration
     * @param context gives the data root a relative store directory resolves against
     * @throws IllegalArgumentException naming PID, attribute and value if the configuration is invalid (also logged
     *     at ERROR, so a technician sees why the outbox did not start)
     */
    @Activate
    public MapDbReadingBuffer(MapDbReadingBufferConfig config, BundleContext context) {
        this(validated(config, dataRootOf(context), "activation failed"), Clock.systemUTC(), System::nanoTime, null,
                dataRootOf(context));
    }

    MapDbReadingBuffer(BufferOptions options, Clock clock, FreeSpaceProbe probe) {
        this(options, clock, System::nanoTime, probe);
    }

    /** For tests: {@code monotonic} stands in for {@link System#nanoTime()}. */
    MapDbReadingBuffer(BufferOptions options, Clock clock, LongSupplier monotonic, FreeSpaceProbe probe) {
        this(options, clock, monotonic, probe, () -> {
            throw new IllegalArgumentException("no data root here");
        });
    }

    MapDbReadingBuffer(BufferOptions options, Clock clock, LongSupplier monotonic, FreeSpaceProbe probe,
            Supplier<DataRoot> dataRoot) {
        this(options, clock, monotonic, probe, dataRoot,
                WindowTransaction.Context.maxChunks(Runtime.getRuntime().maxMemory(), oldGenerationBytes()));
    }

    /** @return the bound of the heap's old (tenured) generation, or the heap's bound if the collector has none */
    private static long oldGenerationBytes() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            String name = pool.getName();
            long max = pool.getUsage() == null ? -1 : pool.getUsage().getMax();
            if (pool.getType() == MemoryType.HEAP && max > 0 && (name.contains("Old") || name.contains("Tenured"))) {
                return max;
            }
        }
        return Runtime.getRuntime().maxMemory();
    }

    /** With another bound of chunks in the index than the heap gives, for tests of that bound. */
    MapDbReadingBuffer(BufferOptions options, Clock clock, LongSupplier monotonic, FreeSpaceProbe probe,
            long maxChunks) {
        this(options, clock, monotonic, probe, () -> {
            throw new IllegalArgumentException("no data root here");
        }, maxChunks);
    }

    private MapDbReadingBuffer(BufferOptions options, Clock clock, LongSupplier monotonic, FreeSpaceProbe probe,
            Supplier<DataRoot> dataRoot, long maxChunks) {
        this.options = new AtomicReference<>(options);
        this.dataRoot = dataRoot;
        this.clock = clock;
        this.monotonic = monotonic;
        FreeSpaceProbe space = probe != null ? probe : FreeSpaceProbe.of(options.directory());
        this.store = ChunkStore.open(options.directory(), clock, () -> tooFullToRecover(space, options));
        if (store.movedAside() != null) {
            counters.recovered();
        }
        this.archive = new RetentionArchive(store, codec, this.options::get);
        load();
        store.commit();
        counters.sizeOnDisk(store.sizeOnDisk());
        this.writer = new GroupCommitWriter(store, index, archive, codec, counters, this.options::get, clock,
                monotonic, space, maxChunks);
        this.writerThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "cityhub-outbox-writer"));
        writerThread.execute(writer);
        LOG.info("Outbox open in {}: {} readings pending", options.directory(), metrics().pendingCount());
    }

    /**
     * Applies a new configuration without closing the store: bounds, full policy, retention, commit pacing and the
     * free-space floor take effect from the next commit; pending readings stay and the writer keeps running. A new
     * store directory takes effect after a restart of the component (moving a live store is not done here).
     *
     * @param config the new configuration
     * @throws IllegalArgumentException naming PID, attribute and value (also logged at ERROR); the old configuration
     *     stays in force
     */
    @Modified
    void modified(MapDbReadingBufferConfig config) {
        BufferOptions current = options.get();
        BufferOptions next = validated(config, dataRoot, "configuration change rejected");
        if (!next.directory().equals(current.directory())) {
            LOG.warn("{}: store.directory changed to {}; takes effect after a restart of the component, the outbox "
                    + "stays in {}", PID, next.directory(), current.directory());
            next = next.withDirectory(current.directory());
        }
        options.set(next);
        LOG.info("{}: configuration applied without restart: {}", PID, next);
    }

    private static BufferOptions validated(MapDbReadingBufferConfig config, Supplier<DataRoot> root, String what) {
        try {
            return BufferOptions.from(config, root);
        } catch (IllegalArgumentException e) {
            LOG.error("Outbox {}: {}", what, e.getMessage());
            throw e;
        }
    }

    private static Supplier<DataRoot> dataRootOf(BundleContext context) {
        return () -> DataRoot.find(context::getProperty, () -> context.getDataFile(""));
    }

    /**
     * Whether the disk is too full to give up a store that cannot be opened. Moving it aside means creating a fresh
     * store and copying the salvaged chunks into it: without room for that (the floor may be 0), the recovery
     * itself fails half way and the next start would move the half-made fresh store aside and salvage only that,
     * leaving the real data in a folder nobody reads. So keep the store in place until there is room.
     */
    private static boolean tooFullToRecover(FreeSpaceProbe probe, BufferOptions options) {
        try {
            long needed =
                    Math.max(options.minFreeBytes(), ChunkStore.filesSize(options.directory()) + RECOVERY_HEADROOM);
            return probe.usableBytes() <= needed;
        } catch (IOException e) {
            return false; // unknown: treat the failure as damage, as without a probe
        }
    }

    /**
     * Indexes every stored chunk: pending ones for delivery, delivered ones for replay. A pending chunk's age at open
     * is the wall clock now minus its stored append time (the only measure across a restart), never below zero
     * (a clock set back at boot, as on a gateway without a real-time clock, makes stored times lie ahead), and a chunk
     * is never taken as older than the one before it in its class; from then on it ages on the monotonic clock.
     */
    private void load() {
        Iterator<Map.Entry<Long, byte[]>> it = store.chunks();
        List<Long> broken = new ArrayList<>();
        long nowMillis = clock.millis();
        long nowNanos = monotonic.getAsLong();
        Map<Priority, Long> latest = new EnumMap<>(Priority.class);
        while (it.hasNext()) {
            Map.Entry<Long, byte[]> e = it.next();
            try {
                ChunkCodec.Header h = codec.header(e.getValue());
                Long deliveredAt = store.deliveredAt(e.getKey());
                if (deliveredAt == null) {
                    long ageMillis = Math.min(Math.max(0, nowMillis - h.stampMillis()), MAX_LOADED_AGE_MILLIS);
                    long appended = nowNanos - ageMillis * 1_000_000;
                    Long before = latest.get(h.priority());
                    if (before != null && appended - before < 0) {
                        appended = before; // chunks follow their sequence: never older than the one before
                    }
                    latest.put(h.priority(), appended);
                    index.add(new Chunk(e.getKey(), h, e.getValue().length, appended));
                } else {
                    archive.loaded(e.getKey(), h, e.getValue().length, deliveredAt);
                }
            } catch (CorruptRecordException ex) {
                broken.add(e.getKey());
            }
        }
        store.removeOrphanDeliveryMarks();
        if (!broken.isEmpty()) {
            // the count inside a broken header cannot be trusted: count chunks, and say so in the log
            LOG.warn("Removed {} unreadable outbox chunks (counted as drops 'corrupt', one per chunk)", broken.size());
            broken.forEach(store::deleteChunk);
            counters.dropped(BufferCounters.CORRUPT, broken.size());
        }
    }

    @Override
    public CompletionStage<Void> append(List<Reading> readings) {
        Objects.requireNonNull(readings, "readings");
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (readings.isEmpty()) {
            done.complete(null);
            return done;
        }
        BufferState state = counters.state();
        if (state == BufferState.DISK_FULL || state == BufferState.UNAVAILABLE) {
            done.completeExceptionally(new BufferUnavailableException("outbox is " + state, null));
            return done;
        }
        List<EncodedReading> encoded = new ArrayList<>(readings.size());
        long bytes = 0;
        for (Reading r : readings) {
            byte[] b = codec.readingCodec().encode(Objects.requireNonNull(r, "reading"));
            encoded.add(new EncodedReading(r, b));
            bytes += b.length + (b.length < 128 ? 1 : 2);
        }
        writer.submit(new GroupCommitWriter.AppendRequest(encoded, bytes, done));
        return done;
    }

    @Override
    public Optional<Batch> take(int maxReadings, Duration wait) throws InterruptedException {
        return index.take(maxReadings, wait, seq -> {
            byte[] chunk = store.chunk(seq);
            if (chunk == null) {
                throw new CorruptRecordException("chunk " + seq + " is missing from the store");
            }
            return codec.decode(chunk);
        });
    }

    @Override
    public void acknowledge(Batch batch) {
        counters.delivered(index.acknowledge(batch.id()));
    }

    @Override
    public void release(Batch batch) {
        index.release(batch.id());
    }

    @Override
    public ReplayPage replay(ReplayQuery query) {
        return archive.replay(query);
    }

    @Override
    public BufferMetrics metrics() {
        long now = monotonic.getAsLong();
        Map<Priority, ClassDepth> depth = new EnumMap<>(Priority.class);
        for (Priority p : Priority.values()) {
            depth.put(p, index.depth(p, now));
        }
        return new BufferMetrics(counters.state(), depth, counters.appended(), counters.delivered(),
                counters.appendsPerSecond(), counters.deliveriesPerSecond(), counters.drops(), counters.sizeOnDisk(),
                counters.lastCommitMicros(), counters.recoveries());
    }

    @Override
    public String healthSection() {
        return "buffer";
    }

    @Override
    public Map<String, Object> health() {
        BufferMetrics m = metrics();
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("state", m.state().name());
        h.put("pending.count", m.pendingCount());
        h.put("pending.bytes", m.pendingBytes());
        h.put("oldest.age.ms", m.oldestAgeMillis());
        m.depth().forEach((p, d) -> h.put("pending." + p.name().toLowerCase(Locale.ROOT), d.count()));
        h.put("appended", m.appended());
        h.put("delivered", m.delivered());
        h.put("appends.per.second", m.appendsPerSecond());
        h.put("deliveries.per.second", m.deliveriesPerSecond());
        m.drops().forEach((reason, n) -> h.put("drops." + reason, n));
        h.put("size.on.disk.bytes", m.sizeOnDiskBytes());
        h.put("retained.bytes", archive.bytes());
        h.put("last.commit.us", m.lastCommitMicros());
        h.put("commits", counters.commits());
        h.put("checkpoints", counters.checkpoints());
        h.put("refused.busy", counters.refusedBusy());
        h.put("recoveries", m.recoveries());
        return h;
    }

    /** Finishes the current commit, fails appends that come later, and closes the store. */
    @Deactivate
    void deactivate() {
        writer.stop();
        writerThread.shutdown();
        try {
            if (!writerThread.awaitTermination(10, TimeUnit.SECONDS)) {
                writerThread.shutdownNow();
                writerThread.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            writerThread.shutdownNow();
            Thread.currentThread().interrupt();
        }
        counters.closed();
        store.close();
        LOG.info("Outbox closed");
    }
}
