package io.cityhub.clock.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.clock.ClockState;
import io.cityhub.api.clock.ClockStateListener;
import io.cityhub.api.health.HealthContributor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's {@link ClockState}: probes the system on its own thread ({@value #THREAD_NAME}) every
 * {@code probe.interval.seconds}, so {@link #quality()} never blocks. Until the first probe has answered, the quality
 * is the configured override.
 */
@Component(configurationPid = SystemClockState.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {ClockState.class, ConfigurableComponent.class, HealthContributor.class}, immediate = true)
@Designate(ocd = ClockStateConfig.class)
public final class SystemClockState implements ClockState, ConfigurableComponent, HealthContributor {

    /** Configuration PID and metatype OCD id. */
    public static final String PID = "io.cityhub.clock";
    static final String THREAD_NAME = "cityhub-clock-probe";

    private static final Logger LOG = LoggerFactory.getLogger(SystemClockState.class);

    private final ClockStateTracker tracker;
    private final Function<Duration, ClockProbe> probes;
    private final ScheduledExecutorService executor;
    private volatile ClockOptions options;
    private ScheduledFuture<?> schedule;

    /** @throws IllegalArgumentException if the configuration is invalid (logged at ERROR) */
    @Activate
    public SystemClockState(ClockStateConfig config) {
        this(validated(config), CommandClockProbe::new, Clock.systemUTC(), System::nanoTime,
                Executors.newSingleThreadScheduledExecutor(task -> {
                    Thread thread = new Thread(task, THREAD_NAME);
                    thread.setDaemon(true);
                    return thread;
                }));
    }

    /**
     * For tests: plain collaborators; the executor is shut down by {@link #deactivate()}.
     *
     * @param monotonic a clock that never steps, as {@link System#nanoTime()}; steps of {@code clock} are measured
     *     against it
     */
    SystemClockState(ClockOptions options, Function<Duration, ClockProbe> probes, Clock clock, LongSupplier monotonic,
            ScheduledExecutorService executor) {
        this.options = options;
        this.probes = probes;
        this.executor = executor;
        this.tracker = new ClockStateTracker(clock, monotonic, options.overrideSynchronised(), executor,
                this::probeOnce);
        reschedule();
    }

    private static ClockOptions validated(ClockStateConfig config) {
        try {
            return ClockOptions.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: activation failed: {}", PID, e.getMessage());
            throw e;
        }
    }

    /** Applies a new configuration at once: the next probe runs now with the new timeout and interval. */
    @Modified
    void modified(ClockStateConfig config) {
        ClockOptions next;
        try {
            next = ClockOptions.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: modification failed: {}", PID, e.getMessage());
            throw e;
        }
        options = next;
        reschedule();
    }

    private synchronized void reschedule() {
        if (schedule != null) {
            schedule.cancel(false);
        }
        schedule = executor.scheduleWithFixedDelay(this::probeOnce, 0, options.probeInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** One probe; runs on the probe thread. Package-private so tests can run it without the schedule. */
    void probeOnce() {
        ClockOptions current = options;
        try {
            tracker.apply(probes.apply(current.probeTimeout()).probe(), current.overrideSynchronised());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // outermost guard of the probe thread: a failed probe must not end the schedule
            LOG.error("{}: clock probe failed: {}", PID, e.toString());
        }
    }

    @Override
    public Instant now() {
        return tracker.now();
    }

    @Override
    public ClockQuality quality() {
        return tracker.quality();
    }

    @Override
    public AutoCloseable onChange(ClockStateListener listener) {
        return tracker.onChange(listener);
    }

    @Override
    public String healthSection() {
        return "clock";
    }

    @Override
    public Map<String, Object> health() {
        Map<String, Object> health = tracker.health();
        health.put("overrideSynchronised", options.overrideSynchronised());
        health.put("probeIntervalSeconds", options.probeInterval().toSeconds());
        return health;
    }

    /** Stops probing; a probe in progress is interrupted, which kills its tool process. */
    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }
}
