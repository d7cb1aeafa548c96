package io.cityhub.ingest.internal;

import io.cityhub.api.Reading;
import io.cityhub.api.buffer.BufferBusyException;
import io.cityhub.api.buffer.BufferException;
import io.cityhub.api.buffer.ReadingBuffer;
import io.cityhub.api.filter.FilterResult;
import io.cityhub.api.filter.ReadingFilter;
import io.cityhub.api.health.HealthContributor;
import io.cityhub.api.health.SensorActivity;
import io.cityhub.api.health.SensorSighting;
import io.cityhub.api.ingest.IngestReceipt;
import io.cityhub.api.ingest.ObservationSink;
import io.cityhub.api.ingest.RawObservation;
import io.cityhub.api.profile.DecodeException;
import io.cityhub.api.profile.PayloadCodec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest: the only writer of the outbox. Decodes raw observations with the codec they name, validates readings,
 * and appends the valid ones to the {@link ReadingBuffer}; the returned stage completes when the buffer's append
 * completed, i.e. when the readings are durable.
 */
@Component(configurationPid = IngestPipeline.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {ObservationSink.class, HealthContributor.class, SensorActivity.class, ConfigurableComponent.class})
@Designate(ocd = IngestPipelineConfig.class)
public final class IngestPipeline implements ObservationSink, HealthContributor, SensorActivity,
        ConfigurableComponent {

    /** Configuration PID and metatype OCD id. */
    public static final String PID = "io.cityhub.ingest.IngestPipeline";

    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
    private static final long NEVER = Long.MIN_VALUE;
    private static final long BUSY_LOG_NANOS = 60_000_000_000L;
    /** Decode failures are normal field data: log at most one per codec per minute (STYLE.md). */
    private static final long DECODE_LOG_INTERVAL_MILLIS = 60_000;

    private final ReadingBuffer buffer;
    /** the limits in force with their validator; replaced as a whole by a configuration change (modified) */
    private final AtomicReference<ReadingValidator> validator;
    private final Clock clock;
    private final Map<String, PayloadCodec> codecs = new ConcurrentHashMap<>();
    private final IngestCounters counters = new IngestCounters();
    private final Map<String, AtomicLong> lastDecodeLog = new ConcurrentHashMap<>();
    private final AtomicBoolean bufferRefusing = new AtomicBoolean();
    private final AtomicLong lastBusyLogNanos = new AtomicLong(NEVER);
    /** the edge filter chains, if the filter bundle runs; without them readings are stored unfiltered */
    private final AtomicReference<ReadingFilter> filter = new AtomicReference<>();
    private final AtomicLong lastFilterFailureLog = new AtomicLong(Long.MIN_VALUE);
    /** the last durable reading of each sensor channel, for the technician's status page */
    private final SensorActivityTracker activity = new SensorActivityTracker(SensorActivityTracker.DEFAULT_CAPACITY);

    /**
     * Used by DS.
     *
     * @throws IllegalArgumentException naming PID, attribute and value if the configuration is invalid (also logged
     *     at ERROR, so a technician sees why ingest did not start)
     */
    @Activate
    public IngestPipeline(IngestPipelineConfig config, @Reference(name = "buffer") ReadingBuffer buffer) {
        this(optionsOrLog(config, "activation"), buffer, Clock.systemUTC());
    }

    /**
     * For tests, including those of other modules (the package is not exported).
     *
     * @param options validated limits, not null
     * @param buffer the outbox, not null
     * @param clock the gateway clock, not null
     */
    public IngestPipeline(IngestOptions options, ReadingBuffer buffer, Clock clock) {
        this.buffer = Objects.requireNonNull(buffer, "buffer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.validator = new AtomicReference<>(new ReadingValidator(Objects.requireNonNull(options, "options")));
    }

    /**
     * Applies changed limits at once, for the next submission; nothing restarts (DS 1.4 modified).
     *
     * @param config the new configuration
     * @throws IllegalArgumentException naming PID, attribute and value if it is invalid (logged at ERROR; the
     *     current limits stay in force)
     */
    @Modified
    void modified(IngestPipelineConfig config) {
        IngestOptions next = optionsOrLog(config, "configuration change");
        validator.set(new ReadingValidator(next));
        LOG.info("{}: applied limits {}", PID, next);
    }

    /** @return the limits in force */
    IngestOptions options() {
        return validator.get().options();
    }

    private static IngestOptions optionsOrLog(IngestPipelineConfig config, String when) {
        try {
            return IngestOptions.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: {} failed: {}", PID, when, e.getMessage());
            throw e;
        }
    }

    /**
     * Makes a codec available under its {@value PayloadCodec#CODEC_ID} property (falling back to its
     * {@link PayloadCodec#id()}). A later codec with the same id replaces the earlier one.
     *
     * @param codec the codec, not null
     * @param properties its service properties, not null
     */
    @Reference(name = "codecs", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeCodec")
    public void addCodec(PayloadCodec codec, Map<String, Object> properties) {
        String id = codecId(codec, properties);
        PayloadCodec previous = codecs.put(id, codec);
        if (previous != null && previous != codec) {
            LOG.warn("Codec {} registered twice; the later registration replaces the earlier one", id);
        }
        LOG.debug("Codec {} available", id);
    }

    /**
     * @param codec a codec passed to {@link #addCodec} before, not null
     * @param properties its service properties, not null
     */
    public void removeCodec(PayloadCodec codec, Map<String, Object> properties) {
        codecs.remove(codecId(codec, properties), codec);
    }

    /**
     * Binds the edge filters; optional and dynamic, so ingest runs (unfiltered) without them and is not restarted
     * when they come or go.
     *
     * @param readingFilter the filter service, not null
     */
    @Reference(name = "filter", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindFilter")
    public void bindFilter(ReadingFilter readingFilter) {
        filter.set(readingFilter);
    }

    /** @param readingFilter a filter passed to {@link #bindFilter} before, not null */
    public void unbindFilter(ReadingFilter readingFilter) {
        filter.compareAndSet(readingFilter, null);
    }

    @Override
    public CompletionStage<IngestReceipt> submit(RawObservation observation) {
        Objects.requireNonNull(observation, "observation");
        String codecId = observation.codecId();
        PayloadCodec codec = codecs.get(codecId);
        if (codec == null) {
            counters.submissions.increment();
            return decodeFailed(new DecodeException(codecId, "no codec registered for '" + codecId + "'"));
        }
        List<Reading> readings;
        try {
            readings = codec.decode(observation);
        } catch (DecodeException e) {
            counters.submissions.increment();
            return decodeFailed(e);
        } catch (RuntimeException e) {
            // a codec that breaks its contract must not take the source's thread down with it; the device gets
            // a "bad request", the technician a warning
            counters.submissions.increment();
            LOG.warn("Codec {} failed with an unchecked exception (a codec bug)", codecId, e);
            return decodeFailed(new DecodeException(codecId, "codec failed: " + e));
        }
        return submit(readings);
    }

    @Override
    public CompletionStage<IngestReceipt> submit(List<Reading> readings) {
        Objects.requireNonNull(readings, "readings");
        counters.submissions.increment();
        Instant now = clock.instant();
        ReadingValidator limits = validator.get(); // one set of limits for the whole submission
        IngestOptions options = limits.options();
        List<Reading> valid = new ArrayList<>(Math.min(readings.size(), options.maxReadingsPerSubmission()));
        List<String> rejected = new ArrayList<>();
        for (int i = 0; i < readings.size(); i++) {
            Reading reading = readings.get(i);
            if (i >= options.maxReadingsPerSubmission()) {
                rejected.add((reading == null ? "null reading" : ReadingValidator.describe(reading))
                        + ": more than " + options.maxReadingsPerSubmission() + " readings in one submission");
                continue;
            }
            Optional<String> reason = limits.check(reading, now);
            if (reason.isPresent()) {
                rejected.add(reason.get());
            } else {
                valid.add(reading);
            }
        }
        counters.rejected.add(rejected.size());
        if (!rejected.isEmpty()) {
            LOG.debug("Rejected {} of {} readings, first: {}", rejected.size(), readings.size(), rejected.get(0));
        }
        // edge filters, between validation and append: what they leave out is 'filtered' in the receipt
        List<Reading> stored = valid;
        int filtered = 0;
        ReadingFilter chains = filter.get();
        if (chains != null && !valid.isEmpty()) {
            try {
                FilterResult result = chains.filter(valid);
                stored = result.passed();
                filtered = result.filtered();
            } catch (RuntimeException e) {
                // a filter bug must not lose readings: store them unfiltered and tell the technician
                counters.filterFailures.increment();
                logFilterFailure(e);
            }
        }
        counters.filtered.add(filtered);
        if (stored.isEmpty()) {
            return CompletableFuture.completedFuture(new IngestReceipt(0, filtered, rejected));
        }
        return append(stored, new IngestReceipt(stored.size(), filtered, rejected));
    }

    private void logFilterFailure(RuntimeException e) {
        long nowMillis = clock.millis();
        long previous = lastFilterFailureLog.get();
        if ((previous == Long.MIN_VALUE || nowMillis - previous >= DECODE_LOG_INTERVAL_MILLIS)
                && lastFilterFailureLog.compareAndSet(previous, nowMillis)) {
            LOG.warn("Edge filters failed ({} times so far); readings stored unfiltered", counters.filterFailures.sum(),
                    e);
        }
    }

    private CompletionStage<IngestReceipt> append(List<Reading> valid, IngestReceipt receipt) {
        CompletableFuture<IngestReceipt> result = new CompletableFuture<>();
        CompletionStage<Void> appended;
        try {
            appended = buffer.append(valid);
        } catch (RuntimeException e) {
            // a buffer that throws instead of failing its stage must still leave the source with an answer
            counters.bufferFailures.increment();
            result.completeExceptionally(e);
            return result;
        }
        appended.whenComplete((ignored, failure) -> {
            if (failure == null) {
                counters.accepted.add(receipt.accepted());
                activity.record(valid, clock.instant());
                if (bufferRefusing.compareAndSet(true, false)) {
                    LOG.info("Outbox accepts readings again");
                }
                result.complete(receipt);
            } else {
                Throwable cause = unwrap(failure);
                counters.bufferFailures.increment();
                if (cause instanceof BufferBusyException) {
                    // an overload comes and goes many times a second: counted, and logged once a minute at most
                    counters.bufferBusy.increment();
                    logBusy(cause);
                } else if (cause instanceof BufferException && bufferRefusing.compareAndSet(false, true)) {
                    LOG.warn("Outbox refuses readings: {}", cause.getMessage());
                }
                // complete with the buffer's own exception, not a CompletionException wrapper, so sources can
                // tell BufferFullException from BufferUnavailableException directly
                result.completeExceptionally(cause);
            }
        });
        return result;
    }

    private void logBusy(Throwable cause) {
        long now = System.nanoTime();
        long last = lastBusyLogNanos.get();
        if ((last == NEVER || now - last >= BUSY_LOG_NANOS) && lastBusyLogNanos.compareAndSet(last, now)) {
            LOG.warn("Outbox is behind and refuses readings for now (sources are told to retry; {} refusals so far, "
                    + "logged once a minute at most): {}", counters.bufferBusy.sum(), cause.getMessage());
        }
    }

    @Override
    public String healthSection() {
        return "ingest";
    }

    @Override
    public Map<String, Object> health() {
        Map<String, Object> health = new TreeMap<>(counters.snapshot());
        health.put("codecs", String.join(",", new TreeMap<>(codecs).keySet()));
        health.put("bufferRefusing", bufferRefusing.get());
        health.put("filters", filter.get() != null);
        return health;
    }

    @Override
    public List<SensorSighting> sightings() {
        return activity.sightings();
    }

    private CompletionStage<IngestReceipt> decodeFailed(DecodeException e) {
        counters.decodeError(e.codecId());
        long nowMillis = clock.millis();
        AtomicLong last = lastDecodeLog.computeIfAbsent(e.codecId(), id -> new AtomicLong(Long.MIN_VALUE));
        long previous = last.get();
        if ((previous == Long.MIN_VALUE || nowMillis - previous >= DECODE_LOG_INTERVAL_MILLIS)
                && last.compareAndSet(previous, nowMillis)) {
            LOG.warn("Payload did not decode ({} decode errors for this codec so far): {}",
                    counters.decodeErrors(e.codecId()), e.getMessage());
        }
        return CompletableFuture.failedFuture(e);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String codecId(PayloadCodec codec, Map<String, Object> properties) {
        Object id = properties.get(PayloadCodec.CODEC_ID);
        return id instanceof String s && !s.isBlank() ? s : codec.id();
    }
}
