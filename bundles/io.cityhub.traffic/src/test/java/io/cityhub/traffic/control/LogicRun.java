package io.cityhub.traffic.control;

import java.util.ArrayList;
import java.util.List;

/** Drives a {@link SignalLogic} tick by tick and records every aspect change as (tick, group, aspect). */
final class LogicRun {

    record Change(int tick, int group, Aspect aspect) {
    }

    final SignalLogic logic;
    final DetectorProcessor detectors;
    final List<Change> changes = new ArrayList<>();
    final List<DetectorProcessor.Fault> faults = new ArrayList<>();
    ControllerState state;
    int tick;

    LogicRun(SignalLogic logic) {
        this.logic = logic;
        this.detectors = new DetectorProcessor(logic.definition());
        this.state = logic.initial(0);
    }

    LogicRun input(String input, boolean on) {
        if (!detectors.set(input, on)) {
            throw new IllegalArgumentException(input);
        }
        return this;
    }

    /** Runs until (and including) the given tick. */
    LogicRun until(int lastTick) {
        while (tick < lastTick) {
            step();
        }
        return this;
    }

    void step() {
        ControllerState next = logic.tick(state, detectors.tick(faults::add));
        tick++;
        for (int g = 0; g < next.groups().size(); g++) {
            if (next.aspect(g) != state.aspect(g)) {
                changes.add(new Change(tick, g, next.aspect(g)));
            }
        }
        state = next;
    }

    /** Ticks at which the group started showing the aspect. */
    List<Integer> starts(int group, Aspect aspect) {
        return changes.stream().filter(c -> c.group() == group && c.aspect() == aspect).map(Change::tick).toList();
    }

    Aspect aspect(int group) {
        return state.aspect(group);
    }
}
