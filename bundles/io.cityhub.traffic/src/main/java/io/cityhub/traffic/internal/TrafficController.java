package io.cityhub.traffic.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.health.HealthContributor;
import io.cityhub.api.ingest.ObservationSink;
import io.cityhub.api.input.DigitalInput;
import io.cityhub.api.output.DigitalOutput;
import io.cityhub.api.traffic.SignalTimingListener;
import io.cityhub.traffic.definition.DefinitionException;
import io.cityhub.traffic.definition.FixedTimePlan;
import io.cityhub.traffic.definition.IntersectionDefinition;
import io.cityhub.traffic.definition.IntersectionLoader;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One intersection on the gateway (a factory component: one configuration per intersection). Loads the
 * definition, runs the controller and conflict monitor on a named tick thread, drives the signal heads through the
 * {@link DigitalOutput} services the definition names, and reports safety events to ingest.
 */
// component name = PID like every other cityhub component; Kura's factory "+" keys on the Designate's factory PID
@Component(
        name = TrafficController.PID,
        configurationPid = TrafficController.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {ConfigurableComponent.class, HealthContributor.class},
        immediate = true)
@Designate(ocd = TrafficControllerConfig.class, factory = true)
public final class TrafficController implements ConfigurableComponent, HealthContributor {

    /** Factory configuration PID and metatype OCD id. */
    public static final String PID = "io.cityhub.traffic.TrafficController";
    /** util-linux's command that sets a thread's scheduling policy (an Essential package on Debian). */
    static final String CHRT = "chrt";
    /** Framework property naming the directory relative definition paths resolve against. */
    public static final String DATA_DIR_PROPERTY = "cityhub.data.dir";

    private static final Logger LOG = LoggerFactory.getLogger(TrafficController.class);

    private final OutputBank bank = new OutputBank();
    private final InputBank inputs = new InputBank();
    private final List<SignalTimingListener> timingListeners = SpatPublisher.listenerList();
    private final ObservationSink sink;
    private final TrafficEvents events;
    private final Clock clock;
    private final String dataDir;
    private final LongSupplier monotonicMillis;
    private final String chrt;
    private TrafficOptions options;
    private IntersectionRunner runner;
    private TickThread ticking;

    /** Used by DS. */
    @Activate
    public TrafficController(TrafficControllerConfig config, BundleContext context,
            @Reference(name = "sink") ObservationSink sink) {
        this(config, context.getProperty(DATA_DIR_PROPERTY), sink, Clock.systemUTC(),
                () -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime()), CHRT);
    }

    /** For tests: plain collaborators; one clock paces and dates the steps. */
    TrafficController(TrafficControllerConfig config, String dataDir, ObservationSink sink, Clock clock) {
        this(config, dataDir, sink, clock, clock::millis, CHRT);
    }

    /**
     * @param clock the wall clock (SPaT times, events, a fixed-time plan's cycle alignment)
     * @param monotonicMillis paces the steps: never jumps
     * @param chrt the command that makes the tick thread real-time
     */
    TrafficController(TrafficControllerConfig config, String dataDir, ObservationSink sink, Clock clock,
            LongSupplier monotonicMillis, String chrt) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.monotonicMillis = Objects.requireNonNull(monotonicMillis, "monotonicMillis");
        this.chrt = Objects.requireNonNull(chrt, "chrt");
        this.dataDir = dataDir;
        this.sink = Objects.requireNonNull(sink, "sink");
        this.events = new TrafficEvents(sink, clock, ClockQuality.UNSYNCHRONISED);
        TrafficOptions first = build(config);
        this.runner = runnerFor(first);
        this.options = first;
        schedule();
        LOG.info("{}: intersection {} started ({})", PID, first.definitionFile(), first.mode());
    }

    private TrafficOptions build(TrafficControllerConfig config) {
        try {
            return TrafficOptions.from(config, dataDir);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: activation failed: {}", PID, e.getMessage());
            throw e;
        }
    }

    private IntersectionRunner runnerFor(TrafficOptions o) {
        IntersectionDefinition def;
        try {
            def = new IntersectionLoader().load(o.definitionFile());
        } catch (IOException | DefinitionException e) {
            String why = e instanceof IOException ? "cannot read it: " + e.getClass().getSimpleName() : e.getMessage();
            IllegalArgumentException error = TrafficOptions.invalid("definition.file", o.definitionFile(),
                    "a readable, valid intersection definition (" + why + ")");
            LOG.error("{}: activation failed: {}", PID, error.getMessage());
            throw error;
        }
        FixedTimePlan plan = null;
        if (!o.plan().isEmpty()) {
            plan = def.plan(o.plan()).orElseThrow(() -> {
                IllegalArgumentException error = TrafficOptions.invalid("plan", o.plan(),
                        "the name of a plan in " + o.definitionFile() + ": "
                                + def.plans().stream().map(FixedTimePlan::name).toList());
                LOG.error("{}: activation failed: {}", PID, error.getMessage());
                return error;
            });
        }
        return new IntersectionRunner(def, o.mode(), plan, bank, inputs, events,
                new SpatPublisher(timingListeners, sink, ClockQuality.UNSYNCHRONISED), clock, monotonicMillis);
    }

    private synchronized void schedule() {
        ticking = new TickThread(runner, options.tickPeriodMs(), options.realtimePriority(), chrt);
    }

    private void stopTicking() {
        try {
            if (!ticking.stop(1_000)) {
                LOG.warn("{}: tick thread did not stop within 1 s", PID);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Applies a changed configuration: a changed operator reset resets the intersection; any other change
     * restarts it from its start-up sequence with the new definition, mode, plan or tick period.
     *
     * @param config the new configuration
     */
    @Modified
    public synchronized void modified(TrafficControllerConfig config) {
        TrafficOptions next = build(config);
        TrafficOptions resetOnly = new TrafficOptions(options.definitionFile(), options.mode(), options.plan(),
                options.tickPeriodMs(), options.realtimePriority(), next.operatorReset());
        if (!next.equals(resetOnly)) {
            IntersectionRunner replacement = runnerFor(next);
            stopTicking();
            runner.stop();
            runner = replacement;
            options = next;
            schedule();
            LOG.info("{}: intersection restarted with {}", PID, next);
        } else if (!next.operatorReset().equals(options.operatorReset())) {
            LOG.warn("{}: operator reset '{}'", PID, next.operatorReset());
            options = next;
            runner.reset();
        }
    }

    /** Makes an output available to the intersection. */
    @Reference(name = "output", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeOutput")
    void addOutput(DigitalOutput output, Map<String, Object> properties) {
        Object id = properties.get(DigitalOutput.OUTPUT_ID);
        if (id instanceof String s && !s.isBlank()) {
            bank.add(s, output);
        } else {
            LOG.warn("{}: ignoring a DigitalOutput without the service property {}", PID, DigitalOutput.OUTPUT_ID);
        }
    }

    /** Withdraws an output; a running intersection goes to its safe state. */
    void removeOutput(DigitalOutput output, Map<String, Object> properties) {
        Object id = properties.get(DigitalOutput.OUTPUT_ID);
        bank.remove(id instanceof String s ? s : null, output);
    }

    /** Makes a detector, push-button or priority input available to the intersection. */
    @Reference(name = "input", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeInput")
    void addInput(DigitalInput input, Map<String, Object> properties) {
        Object id = properties.get(DigitalInput.INPUT_ID);
        if (id instanceof String s && !s.isBlank()) {
            inputs.add(s, input);
        } else {
            LOG.warn("{}: ignoring a DigitalInput without the service property {}", PID, DigitalInput.INPUT_ID);
        }
    }

    /** Withdraws an input; once the intersection runs, its detectors fall back to a permanent call. */
    void removeInput(DigitalInput input, Map<String, Object> properties) {
        Object id = properties.get(DigitalInput.INPUT_ID);
        inputs.remove(id instanceof String s ? s : null, input);
    }

    /** Adds a SPaT consumer (whiteboard): it hears every change of this intersection's signal timing. */
    @Reference(name = "signalTimingListener", cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeSignalTimingListener")
    void addSignalTimingListener(SignalTimingListener listener) {
        timingListeners.add(listener);
    }

    void removeSignalTimingListener(SignalTimingListener listener) {
        timingListeners.remove(listener);
    }

    /** @return the current tick thread, for tests */
    synchronized TickThread tickThread() {
        return ticking;
    }

    /** @return the current runner, for tests */
    synchronized IntersectionRunner runner() {
        return runner;
    }

    @Override
    public String healthSection() {
        // one section per intersection: several instances run side by side
        return "traffic-" + runner().name();
    }

    @Override
    public synchronized Map<String, Object> health() {
        Map<String, Object> health = runner.health();
        health.put("definition", options.definitionFile().toString());
        health.put("tickPeriodMs", options.tickPeriodMs());
        health.put("tickScheduling", ticking.scheduling());
        return health;
    }

    /** Stops the tick thread and drives every output to its safe level. */
    @Deactivate
    public synchronized void deactivate() {
        stopTicking();
        runner.stop();
        LOG.info("{}: intersection {} stopped", PID, options.definitionFile());
    }
}
