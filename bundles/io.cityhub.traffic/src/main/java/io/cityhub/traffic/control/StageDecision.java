package io.cityhub.traffic.control;

import io.cityhub.traffic.definition.FixedTimePlan;
import io.cityhub.traffic.definition.IntersectionDefinition;
import io.cityhub.traffic.definition.PriorityInput;
import io.cityhub.traffic.definition.Recall;
import io.cityhub.traffic.definition.SignalGroup;
import io.cityhub.traffic.definition.Stage;
import java.util.List;

/**
 * When to leave the current stage and for which one. It only ever asks for a change; the safety timers (minimum
 * green, amber, flashing green, intergreen, minimum red) are enforced by {@link SignalLogic} for every change,
 * whoever asked, so priority can never shorten them.
 */
final class StageDecision {

    /** A stage change to start now, and whether a priority request chose it (then the normal cursor stays). */
    record Change(int target, boolean priority) {
    }

    private final IntersectionDefinition def;
    private final ControlMode mode;
    private final FixedTimePlan plan;
    private final int[] priorityExtension;

    StageDecision(IntersectionDefinition def, ControlMode mode, FixedTimePlan plan) {
        this.def = def;
        this.mode = mode;
        this.plan = plan;
        this.priorityExtension = new int[def.groups().size()];
        for (PriorityInput p : def.priorityInputs()) {
            priorityExtension[p.group()] = Math.max(priorityExtension[p.group()], p.maxExtension());
        }
    }

    int priorityExtension(int group) {
        return priorityExtension[group];
    }

    /** @return the change to start, or null to stay in the current stage */
    Change decide(ControllerState s, List<GroupState> g) {
        List<Stage> stages = def.stages();
        Stage current = stages.get(s.stage());
        if (mode == ControlMode.FIXED_TIME) {
            Stage target = stages.get((current.index() + 1) % stages.size());
            boolean due = s.stageTicks() >= plan.splits().get(current.index());
            return due && minimumGreensServed(current, target, g) && target != current
                    ? new Change(target.index(), false) : null;
        }
        Stage target = firstWith(stages, current.index(), current, g, true);
        boolean priority = target != null;
        if (!priority) {
            target = firstWith(stages, s.cursor(), current, g, false);
        }
        if (target == null || !minimumGreensServed(current, target, g)) {
            return null;
        }
        // early green for a priority request: truncate as soon as the minimum greens are served
        if (priority || everyEndingGroupDone(current, target, g)) {
            return new Change(target.index(), priority);
        }
        return null;
    }

    /** First stage after {@code from} (cyclically) holding a waiting group outside {@code current}. */
    private Stage firstWith(List<Stage> stages, int from, Stage current, List<GroupState> g, boolean priority) {
        int n = stages.size();
        for (int k = 1; k <= n; k++) {
            Stage candidate = stages.get(Math.floorMod(from + k, n));
            for (int group : candidate.groups()) {
                GroupState gs = g.get(group);
                boolean waiting = gs.aspect() != Aspect.GREEN && !current.contains(group)
                        && (priority ? gs.priority() : gs.called() || gs.priority());
                if (waiting) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private boolean minimumGreensServed(Stage current, Stage target, List<GroupState> g) {
        for (int group : current.groups()) {
            if (!target.contains(group)) {
                GroupState gs = g.get(group);
                if (gs.aspect() != Aspect.GREEN || gs.inAspect() < def.groups().get(group).minGreen()) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean everyEndingGroupDone(Stage current, Stage target, List<GroupState> g) {
        for (int group : current.groups()) {
            if (target.contains(group)) {
                continue;
            }
            SignalGroup sg = def.groups().get(group);
            GroupState gs = g.get(group);
            if (sg.kind().isPedestrian()) {
                continue;
            }
            boolean maxedOut = gs.maxTimer() >= sg.maxGreen();
            if (gs.priority()) {
                // green extension for a priority vehicle, bounded by max green + the input's max extension
                if (gs.maxTimer() < sg.maxGreen() + priorityExtension[group]) {
                    return false;
                }
                continue;
            }
            boolean gappedOut = gs.sinceExtension() >= sg.passage() && sg.recall() != Recall.MAX;
            if (!gappedOut && !maxedOut) {
                return false;
            }
        }
        return true;
    }
}
