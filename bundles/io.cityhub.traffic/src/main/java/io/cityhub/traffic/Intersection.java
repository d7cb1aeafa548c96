package io.cityhub.traffic;

import io.cityhub.traffic.control.ControlMode;
import io.cityhub.traffic.control.ControllerState;
import io.cityhub.traffic.control.DetectorProcessor;
import io.cityhub.traffic.control.SignalHeads;
import io.cityhub.traffic.control.SignalLogic;
import io.cityhub.traffic.definition.Detector;
import io.cityhub.traffic.definition.FixedTimePlan;
import io.cityhub.traffic.definition.IntersectionDefinition;
import io.cityhub.traffic.monitor.ConflictMonitor;
import io.cityhub.traffic.monitor.Violation;
import io.cityhub.traffic.spat.MovementEvent;
import io.cityhub.traffic.spat.SpatEstimator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One running intersection on simulated or real ticks: detectors → controller → lamp levels → conflict monitor →
 * levels to write, plus request-acknowledge lamps and the heartbeat. Not thread-safe: one tick thread drives it.
 */
public final class Intersection {

    /** What happens at an intersection that a technician or the platform must hear about. */
    public interface Events {
        /**
         * The monitor tripped: the intersection is in flashing amber until an operator reset.
         *
         * @param violation the first violation
         */
        void monitorTripped(Violation violation);

        /**
         * A detector failed; its groups now have a permanent call.
         *
         * @param fault which detector and why
         */
        void detectorFailed(DetectorProcessor.Fault fault);
    }

    private final SignalLogic logic;
    private final DetectorProcessor detectors;
    private final SignalHeads heads;
    private final ConflictMonitor monitor;
    private final Events events;
    private final SpatEstimator spat;
    private final long startTenths;
    private ControllerState state;
    private long tick;
    private boolean heartbeat;

    /**
     * @param def the intersection
     * @param mode fixed-time or actuated
     * @param plan the fixed-time plan, or null in actuated mode
     * @param startTenths wall-clock time of the first tick, tenths of a second since the epoch
     * @param events told of trips and faults on the tick thread
     */
    public Intersection(IntersectionDefinition def, ControlMode mode, FixedTimePlan plan, long startTenths,
            Events events) {
        this.logic = new SignalLogic(def, mode, plan);
        this.detectors = new DetectorProcessor(def);
        this.heads = new SignalHeads(def);
        this.events = events;
        this.monitor = new ConflictMonitor(def, SignalHeads.FLASH_HALF_PERIOD, events::monitorTripped);
        this.spat = new SpatEstimator(logic);
        this.startTenths = startTenths;
        this.state = logic.initial(startTenths);
    }

    /** @return the detector inputs, to set levels on */
    public DetectorProcessor detectors() {
        return detectors;
    }

    /** @return the controller state after the last tick */
    public ControllerState state() {
        return state;
    }

    /** @return the number of ticks run */
    public long ticks() {
        return tick;
    }

    /** @return true while the monitor holds the intersection in flashing amber */
    public boolean tripped() {
        return monitor.tripped();
    }

    /** @return the monitor, for its violations */
    public ConflictMonitor monitor() {
        return monitor;
    }

    /**
     * Runs one 100 ms tick.
     *
     * @param sensed output id to level read back from outputs with feedback (for last tick's command); may be empty
     * @return output id to level to write now: lamps, request acknowledgements, heartbeat
     */
    public Map<String, Boolean> tick(Map<String, Boolean> sensed) {
        state = logic.tick(state, detectors.tick(events::detectorFailed));
        tick++;
        Map<String, Boolean> out = new LinkedHashMap<>(monitor.check(heads.render(state, tick), sensed));
        IntersectionDefinition def = logic.definition();
        for (Detector d : def.detectors()) {
            if (d.ackOutput() != null) {
                boolean waiting = !monitor.tripped()
                        && d.calls().stream()
                                .anyMatch(g -> state.groups().get(g).called());
                out.put(d.ackOutput(), waiting);
            }
        }
        if (def.heartbeatOutput() != null) {
            // the external watchdog forces flashing amber when this stops toggling: it stops when tripped
            heartbeat = !monitor.tripped() && !heartbeat;
            out.put(def.heartbeatOutput(), heartbeat);
        }
        return out;
    }

    /**
     * The SPaT of what the street shows after the last tick: the controller's estimate, or, while the monitor
     * holds flashing amber, caution-Conflicting-Traffic (9) for every group with unknown times (it lasts until an
     * operator reset).
     *
     * @param nowTenths when the state after the last tick is shown, tenths of a second since the epoch
     * @return one event per group, in definition order
     */
    public List<MovementEvent> spat(long nowTenths) {
        if (!monitor.tripped()) {
            return spat.estimate(state, nowTenths);
        }
        List<MovementEvent> out = new ArrayList<>();
        for (var g : logic.definition().groups()) {
            out.add(new MovementEvent(g.name(), 9, MovementEvent.UNKNOWN, MovementEvent.UNKNOWN,
                    MovementEvent.UNKNOWN, 0));
        }
        return out;
    }

    /** Operator reset: clears the monitor's latch and detector faults, and restarts from the start-up sequence. */
    public void reset() {
        monitor.reset();
        detectors.reset();
        state = logic.initial(startTenths + tick);
    }
}
