package io.cityhub.traffic.internal;

import io.cityhub.api.output.OutputException;
import io.cityhub.traffic.Intersection;
import io.cityhub.traffic.control.ControlMode;
import io.cityhub.traffic.control.DetectorProcessor;
import io.cityhub.traffic.definition.Detector;
import io.cityhub.traffic.definition.FixedTimePlan;
import io.cityhub.traffic.definition.IntersectionDefinition;
import io.cityhub.traffic.definition.SignalGroup;
import io.cityhub.traffic.monitor.Violation;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs one intersection on the clock: each 100 ms step that is due runs the controller and monitor and writes the
 * levels to the outputs. Until every output the definition names is present, the controller does not start and
 * the present outputs hold their safe level. An output that refuses a command latches the intersection in its
 * safe state (every output at its safe level; the heartbeat stops, so the hardware watchdog forces flashing amber)
 * until an operator reset. Thread-safe: the tick thread and configuration calls synchronise on this.
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
    private final Set<String> needed;
    private Intersection intersection;
    private long nextStepMillis;
    private long skippedSteps;
    private String outputFault;
    private String mode;

    IntersectionRunner(IntersectionDefinition def, ControlMode mode, FixedTimePlan plan, OutputBank bank,
            TrafficEvents events, Clock clock) {
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

    /** @return the intersection's name from its definition */
    String name() {
        return def.name();
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
        long now = clock.millis();
        if (intersection == null) {
            intersection = new Intersection(def, controlMode, plan, now / STEP_MILLIS, new Listener());
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
            step();
            run++;
            nextStepMillis += STEP_MILLIS;
        }
    }

    private void step() {
        Map<String, Boolean> levels = intersection.tick(bank.sensed(needed));
        try {
            bank.write(levels);
        } catch (OutputException e) {
            latchOutputFault(e.getMessage());
            return;
        }
        changeMode(intersection.tripped() ? "flashing-amber" : modeName());
    }

    private void latchOutputFault(String description) {
        outputFault = description;
        events.report(def.name(), TrafficEvents.OUTPUT_FAULT, outputFault);
        bank.driveSafe(needed);
        changeMode("safe-state");
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
    }

    /** @return the operating mode: safe-state, flashing-amber, actuated or fixed-time:PLAN; null before the first run */
    synchronized String mode() {
        return mode;
    }

    /** @return the detector inputs of the running intersection, or null while it is not running */
    synchronized DetectorProcessor detectors() {
        return intersection == null ? null : intersection.detectors();
    }

    /** @return the running intersection's health */
    synchronized Map<String, Object> health() {
        Map<String, Object> health = new TreeMap<>();
        health.put("intersection", def.name());
        health.put("mode", mode == null ? "starting" : mode);
        health.put("missingOutputs", String.join(",", bank.missing(needed)));
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
