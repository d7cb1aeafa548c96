package io.cityhub.traffic.spat;

import io.cityhub.traffic.control.Aspect;
import io.cityhub.traffic.control.ControlMode;
import io.cityhub.traffic.control.ControllerState;
import io.cityhub.traffic.control.Demand;
import io.cityhub.traffic.control.SignalLogic;
import io.cityhub.traffic.definition.IntersectionDefinition;
import io.cityhub.traffic.definition.SignalGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * SPaT for a controller state. {@code minEndTime} is a guaranteed lower bound from the safety timers (minimum
 * green, amber, flashing green, minimum red, intergreens), so the change can never come earlier. {@code maxEndTime}
 * is given only where the change time is certain: amber, flashing green, start-up flash, and every change in
 * fixed-time operation (which ignores demand, so running the logic ahead gives the exact future). In actuated
 * operation {@code likelyTime} is the change the logic makes if no new demand arrives (confidence 8, 81 %); where
 * the change is certain, confidence is 15 (100 %).
 */
public final class SpatEstimator {

    /** Ticks the logic is run ahead at most (10 minutes). */
    static final int HORIZON = 6_000;

    private final SignalLogic logic;
    private final IntersectionDefinition def;

    /** @param logic the controller whose states are described */
    public SpatEstimator(SignalLogic logic) {
        this.logic = logic;
        this.def = logic.definition();
    }

    /**
     * @param state the state shown now
     * @param nowTenths the current time, tenths of a second since the epoch
     * @return one event per group, in definition order
     */
    public List<MovementEvent> estimate(ControllerState state, long nowTenths) {
        int n = def.groups().size();
        int[] likely = new int[n];
        java.util.Arrays.fill(likely, -1);
        ControllerState s = state;
        int remaining = n;
        for (int t = 1; t <= HORIZON && remaining > 0; t++) {
            s = logic.tick(s, Demand.NONE);
            for (int g = 0; g < n; g++) {
                if (likely[g] < 0 && s.aspect(g) != state.aspect(g)) {
                    likely[g] = t;
                    remaining--;
                }
            }
        }
        boolean exact = logic.mode() == ControlMode.FIXED_TIME;
        List<MovementEvent> out = new ArrayList<>(n);
        for (SignalGroup g : def.groups()) {
            int i = g.index();
            int min = lowerBound(state, i);
            boolean certain = exact || certainAspect(state, i);
            int max = certain && likely[i] >= 0 ? likely[i] : -1;
            int like = likely[i];
            out.add(new MovementEvent(g.name(), eventState(state.aspect(i)), mark(nowTenths, min),
                    max < 0 ? MovementEvent.UNKNOWN : mark(nowTenths, max),
                    like < 0 ? MovementEvent.UNKNOWN : mark(nowTenths, like), certain ? 15 : like < 0 ? 0 : 8));
        }
        return out;
    }

    private boolean certainAspect(ControllerState s, int g) {
        Aspect a = s.aspect(g);
        return a == Aspect.AMBER || a == Aspect.FLASHING_GREEN
                || (s.phase() == ControllerState.Phase.STARTUP_FLASH);
    }

    /** Ticks until the earliest possible change of group g. */
    int lowerBound(ControllerState s, int g) {
        SignalGroup sg = def.groups().get(g);
        var gs = s.groups().get(g);
        switch (s.aspect(g)) {
            case AMBER:
                return Math.max(1, sg.amber() - gs.inAspect());
            case FLASHING_GREEN:
                return Math.max(1, sg.flashingGreen() - gs.inAspect());
            case GREEN:
                return Math.max(1, sg.minGreen() - gs.inAspect());
            case FLASHING_AMBER:
            case DARK:
                return Math.max(1, def.startupFlash() - s.phaseTicks());
            case RED:
            default:
                int bound = Math.max(1, sg.minRed() - gs.inAspect());
                for (SignalGroup c : def.groups()) {
                    if (def.conflicts(c.index(), g)) {
                        bound = Math.max(bound, clearsBy(s, c) + def.intergreen(c.index(), g));
                    }
                }
                if (s.phase() == ControllerState.Phase.STARTUP_ALL_RED) {
                    bound = Math.max(bound, def.startupAllRed() - s.phaseTicks());
                }
                return bound;
        }
    }

    /** Ticks from now until c's green has ended at the earliest (negative when it ended in the past). */
    private int clearsBy(ControllerState s, SignalGroup c) {
        var cs = s.groups().get(c.index());
        switch (s.aspect(c.index())) {
            case GREEN:
                return Math.max(1, c.minGreen() - cs.inAspect()) + c.flashingGreen();
            case FLASHING_GREEN:
                return Math.max(1, c.flashingGreen() - cs.inAspect());
            default:
                return -cs.sinceGreenEnd();
        }
    }

    private static int eventState(Aspect a) {
        return switch (a) {
            case RED -> 3;
            case GREEN -> 6;
            case AMBER, FLASHING_GREEN -> 8;
            case FLASHING_AMBER -> 9;
            case DARK -> 1;
        };
    }

    private static int mark(long nowTenths, int ticksAhead) {
        return (int) Math.floorMod(nowTenths + ticksAhead, 36_000L);
    }
}
