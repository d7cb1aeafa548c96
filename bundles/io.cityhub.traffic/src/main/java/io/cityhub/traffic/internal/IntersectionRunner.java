package io.cityhub.traffic.internal;

import io.cityhub.api.output.OutputException;
import io.cityhub.api.traffic.MovementTiming;
import io.cityhub.api.traffic.SignalTiming;
import io.cityhub.traffic.Intersection;
import io.cityhub.traffic.control.Aspect;
import io.cityhub.traffic.control.ControlMode;
import io.cityhub.traffic.control.DetectorProcessor;
import io.cityhub.traffic.definition.Detector;
import io.cityhub.traffic.definition.FixedTimePlan;
import io.cityhub.traffic.definition.IntersectionDefinition;
import io.cityhub.traffic.definition.PriorityInput;
import io.cityhub.traffic.definition.SignalGroup;
import io.cityhub.traffic.monitor.Violation;
import io.cityhub.traffic.spat.MovementEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Runs one intersection on the clock: each 100 ms step that is due samples the detector, button and priority inputs,
 * runs the controller and monitor, writes the levels to the outputs, then publishes the SPaT if it changed. An input
 * that is missing or faulted once the start-up sequence is over (services may still be arriving during it) is a
 * detector fault: its detectors call and extend their groups permanently until an operator reset, and a priority
 * input reads as off; each is reported once as a SAFETY event. Until every output the definition names is present, the
 * controller does not start and the present outputs hold their safe level. An output that refuses a command latches the
 * intersection in its safe state (every output at its safe level; the heartbeat stops, so the hardware watchdog forces
 * flashing amber) until an operator reset. Thread-safe: the tick thread and configuration calls synchronise on this.
 */
final class IntersectionRunner {

    /** The controller's step (issue 13: a 100 ms tick); the definition's times are in these tenths. */
    static final long STEP_MILLIS = 100;
    /** Steps run at most per wake-up; more late steps are skipped and counted, not run in a burst. */
    static final int MAX_CATCH_UP = 10;

    private final IntersectionDefinition def;
    private final ControlMode controlMode;
    private final FixedTimePlan plan;
    private final OutputBank bank;
    private final TrafficEvents events;
    private final Clock clock;
    private final LongSupplier monotonicMillis;
    private final Set<String> needed;
    private final InputBank inputs;
    private final SpatPublisher spat;
    private final Set<String> inputIds;
    private final Set<String> faultedInputs = new HashSet<>();
    private Intersection intersection;
    private long nextStepMillis;
    private long skippedSteps;
    private String outputFault;
    private String mode;

    /** For tests: one clock both paces the steps and dates them. */
    IntersectionRunner(IntersectionDefinition def, ControlMode mode, FixedTimePlan plan, OutputBank bank,
            InputBank inputs, TrafficEvents events, SpatPublisher spat, Clock clock) {
        this(def, mode, plan, bank, inputs, events, spat, clock, clock::millis);
    }

    /**
     * @param clock the wall clock: dates the SPaT and aligns a fixed-time plan's cycle at start
     * @param monotonicMillis paces the 100 ms steps: a clock that never jumps (on a gateway {@code System.nanoTime}),
     *     so setting the wall clock back (NTP after a boot without a real-time clock) neither freezes the signals
     *     nor runs a burst of steps
     */
    IntersectionRunner(IntersectionDefinition def, ControlMode mode, FixedTimePlan plan, OutputBank bank,
            InputBank inputs, TrafficEvents events, SpatPublisher spat, Clock clock, LongSupplier monotonicMillis) {
        this.monotonicMillis = Objects.requireNonNull(monotonicMillis, "monotonicMillis");
        this.inputs = Objects.requireNonNull(inputs, "inputs");
        this.spat = Objects.requireNonNull(spat, "spat");
        this.inputIds = inputsOf(def);
        this.def = Objects.requireNonNull(def, "def");
        this.controlMode = Objects.requireNonNull(mode, "mode");
        this.plan = plan;
        this.bank = Objects.requireNonNull(bank, "bank");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.needed = outputsOf(def);
    }

    /** @return every output id the definition drives: lamps, request acknowledgements, heartbeat */
    static Set<String> outputsOf(IntersectionDefinition def) {
        Set<String> ids = new LinkedHashSet<>();
        for (SignalGroup g : def.groups()) {
            for (String id : new String[] {g.redOutput(), g.amberOutput(), g.greenOutput()}) {
                if (id != null) {
                    ids.add(id);
                }
            }
        }
        for (Detector d : def.detectors()) {
            if (d.ackOutput() != null) {
                ids.add(d.ackOutput());
            }
        }
        if (def.heartbeatOutput() != null) {
            ids.add(def.heartbeatOutput());
        }
        return ids;
    }

    /** @return every input id the definition reads: detectors, push buttons, priority requests */
    static Set<String> inputsOf(IntersectionDefinition def) {
        Set<String> ids = new LinkedHashSet<>();
        for (Detector d : def.detectors()) {
            ids.add(d.input());
        }
        for (PriorityInput p : def.priorityInputs()) {
            ids.add(p.input());
        }
        return ids;
    }

    /** @return the intersection's name from its definition */
    String name() {
        return def.name();
    }

    /**
     * @return milliseconds until the next step is due on the monotonic clock (0 or less: due now); while the
     *     intersection has not started or is latched in its safe state, {@link Long#MAX_VALUE}: nothing is due, the
     *     tick thread just keeps watching the outputs at its period
     */
    synchronized long millisUntilNextStep() {
        if (intersection == null || outputFault != null) {
            return Long.MAX_VALUE;
        }
        return nextStepMillis - monotonicMillis.getAsLong();
    }

    /** Runs the steps that are due; called by the tick thread. */
    synchronized void runDue() {
        if (outputFault != null) {
            bank.driveSafe(needed);
            return;
        }
        Set<String> missing = bank.missing(needed);
        if (!missing.isEmpty()) {
            if (intersection != null) {
                // an output went away under a running intersection: what the street shows is no longer known
                latchOutputFault(missing.iterator().next() + ": output service went away");
                return;
            }
            bank.driveSafe(needed);
            changeMode("safe-state");
            return;
        }
        long now = monotonicMillis.getAsLong();
        long wallTenths = clock.millis() / STEP_MILLIS;
        if (intersection == null) {
            intersection = new Intersection(def, controlMode, plan, wallTenths, new Listener());
            nextStepMillis = now;
        }
        int run = 0;
        while (nextStepMillis <= now && outputFault == null) {
            if (run == MAX_CATCH_UP) {
                long late = (now - nextStepMillis) / STEP_MILLIS + 1;
                skippedSteps += late;
                nextStepMillis += late * STEP_MILLIS;
                break;
            }
            // a late step is dated when it was due, on the wall clock as it reads now
            step(wallTenths - (now - nextStepMillis) / STEP_MILLIS);
            run++;
            nextStepMillis += STEP_MILLIS;
        }
    }

    private void step(long nowTenths) {
        readInputs();
        Map<String, Boolean> levels = intersection.tick(bank.sensed(needed));
        try {
            bank.write(levels);
        } catch (OutputException e) {
            latchOutputFault(e.getMessage());
            return;
        }
        changeMode(intersection.tripped() ? "flashing-amber" : modeName());
        // after the outputs: the estimate runs the logic ahead and must not delay the lamps (benchmarks/traffic)
        // TimeMarks count from when this step's levels are shown: its scheduled time
        spat.offer(timing(intersection.spat(nowTenths), nowTenths));
    }

    private void readInputs() {
        DetectorProcessor detectors = intersection.detectors();
        boolean started = intersection.ticks() >= def.startupFlash() + def.startupAllRed();
        for (String id : inputIds) {
            Boolean level = inputs.sample(id);
            if (level != null) {
                detectors.set(id, level);
                continue;
            }
            detectors.set(id, false);
            if (started && faultedInputs.add(id)) {
                String problem = inputs.problem(id);
                for (Detector d : def.detectors()) {
                    if (d.input().equals(id)) {
                        detectors.fail(d.name());
                        events.report(def.name(), TrafficEvents.DETECTOR_FAULT,
                                d.name() + ": input " + id + ": " + problem + "; permanent call");
                    }
                }
                for (PriorityInput p : def.priorityInputs()) {
                    if (p.input().equals(id)) {
                        events.report(def.name(), TrafficEvents.DETECTOR_FAULT,
                                p.name() + ": input " + id + ": " + problem + "; priority requests ignored");
                    }
                }
            }
        }
    }

    private SignalTiming timing(List<MovementEvent> events, long nowTenths) {
        List<MovementTiming> movements = new ArrayList<>(events.size());
        for (MovementEvent e : events) {
            movements.add(new MovementTiming(e.group(), e.eventState(), e.minEndTime(), e.maxEndTime(),
                    e.likelyTime(), e.confidence()));
        }
        return new SignalTiming(def.name(), SpatPublisher.instantOf(nowTenths), movements);
    }

    private void publishUnavailable() {
        List<MovementTiming> movements = new ArrayList<>();
        for (SignalGroup g : def.groups()) {
            movements.add(new MovementTiming(g.name(), 0, MovementTiming.UNKNOWN, MovementTiming.UNKNOWN,
                    MovementTiming.UNKNOWN, 0));
        }
        long now = clock.millis() / STEP_MILLIS;
        spat.offer(new SignalTiming(def.name(), SpatPublisher.instantOf(now), movements));
    }

    private void latchOutputFault(String description) {
        outputFault = description;
        events.report(def.name(), TrafficEvents.OUTPUT_FAULT, outputFault);
        bank.driveSafe(needed);
        changeMode("safe-state");
        // the heads show their safe levels, not what the controller decided: no timing can be promised
        publishUnavailable();
    }

    private void changeMode(String newMode) {
        if (!newMode.equals(mode)) {
            mode = newMode;
            events.report(def.name(), TrafficEvents.MODE, newMode);
        }
    }

    private String modeName() {
        return controlMode == ControlMode.ACTUATED ? TrafficOptions.MODE_ACTUATED
                : TrafficOptions.MODE_FIXED_TIME + ":" + plan.name();
    }

    /** Operator reset: clears a monitor latch, detector faults and an output fault; restarts from start-up. */
    synchronized void reset() {
        events.report(def.name(), TrafficEvents.MODE, "operator-reset");
        mode = null;
        outputFault = null;
        intersection = null;
        skippedSteps = 0;
        faultedInputs.clear();
        spat.forget();
    }

    /**
     * @return the operating mode: safe-state, flashing-amber, actuated or fixed-time:PLAN; null before the first run
     */
    synchronized String mode() {
        return mode;
    }

    /** @return the detector inputs of the running intersection, or null while it is not running */
    synchronized DetectorProcessor detectors() {
        return intersection == null ? null : intersection.detectors();
    }

    /** @return each group's aspect after the last step, in definition order; empty while not running */
    synchronized List<Aspect> aspects() {
        List<Aspect> out = new ArrayList<>();
        if (intersection != null) {
            for (SignalGroup g : def.groups()) {
                out.add(intersection.tripped() ? Aspect.FLASHING_AMBER : intersection.state().aspect(g.index()));
            }
        }
        return out;
    }

    /** @return the running intersection's health */
    synchronized Map<String, Object> health() {
        Map<String, Object> health = new TreeMap<>();
        health.put("intersection", def.name());
        health.put("mode", mode == null ? "starting" : mode);
        health.put("missingOutputs", String.join(",", bank.missing(needed)));
        health.put("faultedInputs", String.join(",", new java.util.TreeSet<>(faultedInputs)));
        health.put("outputFault", outputFault == null ? "" : outputFault);
        health.put("skippedSteps", skippedSteps);
        if (intersection != null) {
            health.put("steps", intersection.ticks());
            health.put("phase", intersection.state().phase().name());
            health.put("monitorTripped", intersection.tripped());
            health.put("violations", intersection.monitor().violations().size());
            health.put("failedDetectors", String.join(",", intersection.detectors().failedDetectors()));
        }
        return health;
    }

    /**
     * Latches the safe state after an unexpected error on the tick thread, as for a refusing output.
     *
     * @param description what failed
     */
    synchronized void fail(String description) {
        if (outputFault == null) {
            latchOutputFault(description);
        }
    }

    /** Drives every output to its safe level; on stop. */
    synchronized void stop() {
        bank.driveSafe(needed);
    }

    private final class Listener implements Intersection.Events {
        @Override
        public void monitorTripped(Violation violation) {
            events.report(def.name(), TrafficEvents.MONITOR_TRIP, violation.kind() + ": " + violation.detail());
        }

        @Override
        public void detectorFailed(DetectorProcessor.Fault fault) {
            events.report(def.name(), TrafficEvents.DETECTOR_FAULT, fault.detector() + ": " + fault.reason());
        }
    }
}
