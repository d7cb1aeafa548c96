package io.cityhub.traffic.control;

import io.cityhub.traffic.control.ControllerState.Phase;
import io.cityhub.traffic.definition.FixedTimePlan;
import io.cityhub.traffic.definition.IntersectionDefinition;
import io.cityhub.traffic.definition.Recall;
import io.cityhub.traffic.definition.SignalGroup;
import io.cityhub.traffic.definition.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The controller as a pure function: {@code tick(state, demand) -> state}, one call per 100 ms tick. It holds no
 * mutable state and reads no clock, so it is deterministic and its reachable states can be enumerated.
 *
 * <p>Start-up follows MB 11-10-1976 art. 3.1.1: flashing amber, then red everywhere, then the first stage. Every
 * green start, whatever asked for it, needs the group red for its minimum red and every conflicting group red
 * with its intergreen elapsed since its green ended (the start-up flash counts as a green end).
 */
public final class SignalLogic {

    private final IntersectionDefinition def;
    private final ControlMode mode;
    private final FixedTimePlan plan;
    private final StageDecision decision;
    private final int[] capInAspect;
    private final int[] capSinceGreenEnd;
    private final int[] capSinceExtension;
    private final int[] capMaxTimer;
    private final int capPhase;
    private final int capStage;

    /**
     * @param def the intersection
     * @param mode fixed-time or actuated
     * @param plan the fixed-time plan; required for {@link ControlMode#FIXED_TIME}, ignored otherwise
     */
    public SignalLogic(IntersectionDefinition def, ControlMode mode, FixedTimePlan plan) {
        this.def = Objects.requireNonNull(def, "def");
        this.mode = Objects.requireNonNull(mode, "mode");
        if (mode == ControlMode.FIXED_TIME) {
            Objects.requireNonNull(plan, "a fixed-time plan");
        }
        this.plan = mode == ControlMode.FIXED_TIME ? plan : null;
        this.decision = new StageDecision(def, mode, this.plan);
        // each timer saturates just above the largest constant it is compared with: comparisons are unchanged and
        // the reachable state space stays small enough to enumerate
        int n = def.groups().size();
        capInAspect = new int[n];
        capSinceGreenEnd = new int[n];
        capSinceExtension = new int[n];
        capMaxTimer = new int[n];
        for (SignalGroup g : def.groups()) {
            int i = g.index();
            capInAspect[i] = Math.max(Math.max(g.minGreen(), g.minRed()), Math.max(g.amber(), g.flashingGreen())) + 1;
            for (SignalGroup h : def.groups()) {
                capSinceGreenEnd[i] = Math.max(capSinceGreenEnd[i], def.intergreen(i, h.index()) + 1);
            }
            capSinceExtension[i] = g.passage() + 1;
            capMaxTimer[i] = g.maxGreen() + decision.priorityExtension(i) + 1;
        }
        this.capPhase = Math.max(def.startupFlash(), def.startupAllRed()) + 1;
        this.capStage = this.plan == null
                ? 0
                : this.plan.splits().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
    }

    /** @return the intersection this logic runs */
    public IntersectionDefinition definition() {
        return def;
    }

    /** @return the control mode */
    public ControlMode mode() {
        return mode;
    }

    /**
     * @param startTenths wall-clock time of the first tick in tenths of a second since the epoch; places the
     *     fixed-time cycle (offset); ignored in actuated mode
     * @return the state at power-up: flashing amber
     */
    public ControllerState initial(long startTenths) {
        List<GroupState> groups = new ArrayList<>();
        for (SignalGroup g : def.groups()) {
            Aspect flash = g.kind().isPedestrian() ? Aspect.DARK : Aspect.FLASHING_AMBER;
            groups.add(new GroupState(flash, 0, capSinceGreenEnd[g.index()], capSinceExtension[g.index()], -1,
                    g.recall() != Recall.NONE, false));
        }
        int cycleTicks = plan == null ? 0 : (int) Math.floorMod(startTenths - plan.offset(), (long) plan.cycle());
        return new ControllerState(Phase.STARTUP_FLASH, 0, -1, -1, -1, 0, cycleTicks, false, List.copyOf(groups));
    }

    /**
     * Advances one tick.
     *
     * @param s the state after the previous tick
     * @param d the demand seen during this tick
     * @return the state to show for this tick
     */
    public ControllerState tick(ControllerState s, Demand d) {
        List<GroupState> g = advance(s.groups(), d);
        int cycleTicks = plan == null ? 0 : (s.cycleTicks() + 1) % plan.cycle();
        int phaseTicks = Math.min(s.phaseTicks() + 1, capPhase);
        if (s.phase() == Phase.STARTUP_FLASH) {
            if (phaseTicks < def.startupFlash()) {
                return new ControllerState(s.phase(), phaseTicks, -1, -1, -1, 0, cycleTicks, false, List.copyOf(g));
            }
            g.replaceAll(gs -> gs.endGreen(Aspect.RED));
            return new ControllerState(Phase.STARTUP_ALL_RED, 0, -1, -1, -1, 0, cycleTicks, false, List.copyOf(g));
        }
        if (s.phase() == Phase.STARTUP_ALL_RED && phaseTicks < def.startupAllRed()) {
            return new ControllerState(s.phase(), phaseTicks, -1, -1, -1, 0, cycleTicks, false, List.copyOf(g));
        }
        int stage = s.stage();
        int next = s.phase() == Phase.STARTUP_ALL_RED ? 0 : s.next();
        int cursor = s.phase() == Phase.STARTUP_ALL_RED ? 0 : s.cursor();
        // after start-up the first stage starts at once; the cycle aligns at its next return to the first stage
        int stageTicks = Math.min(s.stageTicks() + 1, capStage);
        boolean armed = s.phase() == Phase.STARTUP_ALL_RED || s.armed() || (plan != null && cycleTicks == 0);
        completeClearances(g);
        ControllerState current = new ControllerState(Phase.RUNNING, phaseTicks, stage, next, cursor, stageTicks,
                cycleTicks, armed, g);
        if (next < 0) {
            StageDecision.Change change = decision.decide(current, g);
            if (change != null) {
                Stage from = def.stages().get(stage);
                for (int group : from.groups()) {
                    if (!def.stages().get(change.target()).contains(group)) {
                        g.set(group, endGreen(group, g.get(group)));
                    }
                }
                next = change.target();
                cursor = change.priority() ? cursor : next;
                // fixed-time: the first stage waits for the next cycle boundary, which may be this very tick
                armed = plan != null && cycleTicks == 0;
            }
        }
        if (next >= 0) {
            Stage target = def.stages().get(next);
            boolean complete = true;
            for (int group : target.groups()) {
                if (g.get(group).aspect() == Aspect.RED && mayStart(group, g, next, armed)) {
                    g.set(group, g.get(group).startGreen());
                }
                complete &= g.get(group).aspect() == Aspect.GREEN;
            }
            if (complete) {
                stage = next;
                next = -1;
                stageTicks = 0;
                armed = false;
            }
        }
        // after the green starts, so a green that starts facing a call counts its maximum from its first tick
        startMaxTimers(g);
        return new ControllerState(Phase.RUNNING, phaseTicks, stage, next, cursor, stageTicks, cycleTicks, armed,
                List.copyOf(g));
    }

    private List<GroupState> advance(List<GroupState> groups, Demand d) {
        List<GroupState> out = new ArrayList<>(groups.size());
        for (int i = 0; i < groups.size(); i++) {
            GroupState gs = groups.get(i);
            SignalGroup sg = def.groups().get(i);
            boolean green = gs.aspect() == Aspect.GREEN;
            // fixed-time ignores demand; timers that no rule reads in the current aspect rest at their cap
            boolean actuated = plan == null;
            boolean called = actuated && (gs.called()
                    || (!green && (Demand.has(d.calls(), i) || sg.recall() != Recall.NONE)));
            int sinceExtension = !actuated || !green ? capSinceExtension[i]
                    : Demand.has(d.extensions(), i) ? 0 : Math.min(gs.sinceExtension() + 1, capSinceExtension[i]);
            int maxTimer = gs.maxTimer() < 0 ? -1 : Math.min(gs.maxTimer() + 1, capMaxTimer[i]);
            int sinceGreenEnd = green ? capSinceGreenEnd[i] : Math.min(gs.sinceGreenEnd() + 1, capSinceGreenEnd[i]);
            out.add(new GroupState(gs.aspect(), Math.min(gs.inAspect() + 1, capInAspect[i]), sinceGreenEnd,
                    sinceExtension, maxTimer, called, actuated && Demand.has(d.priority(), i)));
        }
        return out;
    }

    private void completeClearances(List<GroupState> g) {
        for (int i = 0; i < g.size(); i++) {
            GroupState gs = g.get(i);
            SignalGroup sg = def.groups().get(i);
            if (gs.aspect() == Aspect.AMBER && gs.inAspect() >= sg.amber()) {
                g.set(i, gs.show(Aspect.RED));
            } else if (gs.aspect() == Aspect.FLASHING_GREEN && gs.inAspect() >= sg.flashingGreen()) {
                // a pedestrian green ends with its flashing green: intergreens count from here
                g.set(i, gs.endGreen(Aspect.RED));
            }
        }
    }

    /**
     * NEMA: the maximum-green timer starts at the first conflicting call during green (notes §1.3). With stages,
     * any waiting group outside green is a conflicting call: serving it needs a stage change, and a stage change
     * waits for every ending group, so every green group's maximum must run.
     */
    private void startMaxTimers(List<GroupState> g) {
        boolean waiting = false;
        for (GroupState other : g) {
            waiting |= other.aspect() != Aspect.GREEN && (other.called() || other.priority());
        }
        if (!waiting) {
            return;
        }
        for (int i = 0; i < g.size(); i++) {
            GroupState gs = g.get(i);
            if (gs.aspect() == Aspect.GREEN && gs.maxTimer() < 0) {
                g.set(i, gs.withMaxTimer(0));
            }
        }
    }

    private GroupState endGreen(int group, GroupState gs) {
        SignalGroup sg = def.groups().get(group);
        if (!sg.kind().isPedestrian()) {
            return gs.endGreen(Aspect.AMBER);
        }
        return sg.flashingGreen() > 0 ? gs.show(Aspect.FLASHING_GREEN).withMaxTimer(-1) : gs.endGreen(Aspect.RED);
    }

    private boolean mayStart(int group, List<GroupState> g, int target, boolean armed) {
        if (plan != null && target == 0 && !armed) {
            return false;
        }
        if (g.get(group).inAspect() < def.groups().get(group).minRed()) {
            return false;
        }
        for (int other = 0; other < g.size(); other++) {
            if (def.conflicts(other, group)) {
                GroupState o = g.get(other);
                if (o.aspect() != Aspect.RED || o.sinceGreenEnd() < def.intergreen(other, group)) {
                    return false;
                }
            }
        }
        return true;
    }

}
