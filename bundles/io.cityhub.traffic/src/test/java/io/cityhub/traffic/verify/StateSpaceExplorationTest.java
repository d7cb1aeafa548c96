package io.cityhub.traffic.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cityhub.traffic.control.Aspect;
import io.cityhub.traffic.control.ControlMode;
import io.cityhub.traffic.control.ControllerState;
import io.cityhub.traffic.control.Demand;
import io.cityhub.traffic.control.SignalLogic;
import io.cityhub.traffic.definition.DefinitionException;
import io.cityhub.traffic.definition.IntersectionDefinition;
import io.cityhub.traffic.definition.IntersectionLoader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Explicit-state search over every reachable controller state of small intersections, under every demand in every
 * tick (calls, extensions and priority requests on all groups, in all combinations). The controller's timers
 * saturate, so the reachable set is finite; each state is paired with the {@link SafetyOracle}'s own counters, and
 * every transition is checked. Completing the search proves the safety properties for these definitions.
 */
class StateSpaceExplorationTest {

    private static final Logger LOG = LoggerFactory.getLogger(StateSpaceExplorationTest.class);

    /** Two conflicting vehicle groups and a pedestrian group conflicting with A; timings small but legal. */
    static final String SMALL = """
            name: explored
            startup_flash_s: 0.2
            startup_all_red_s: 0.1
            groups:
              - {name: A, kind: vehicle, red: a.r, amber: a.a, green: a.g, amber_s: 3.0, min_green_s: 1.0,
                 max_green_s: 2.0, min_red_s: 0.5, passage_s: 0.5}
              - {name: B, kind: public-transport, red: b.r, amber: b.a, green: b.g, amber_s: 3.0, min_green_s: 0.8,
                 max_green_s: 1.5, min_red_s: 0.4, passage_s: 0.3}
              - {name: P, kind: pedestrian, red: p.r, green: p.g, min_green_s: 1.0, flashing_green_s: 3.0,
                 crossing_length_m: 4.8, min_red_s: 0.3}
            conflicts: {A: [B, P], B: [A], P: [A]}
            intergreen: {A: {B: 32, P: 35}, B: {A: 33}, P: {A: 2}}
            stages: [{name: sa, groups: [A]}, {name: sb, groups: [B]}, {name: sp, groups: [P]}]
            priority: [{name: tram, input: tram, type: public-transport, group: B, max_extension_s: 0.6}]
            plans: [{name: f, cycle_s: 20, offset_s: 3, splits_s: {sa: 1.5, sb: 1.0, sp: 1.2}}]
            """;

    private record Node(ControllerState state, SafetyOracle oracle) {
    }

    private record Result(int states, int transitions, Set<Aspect>[] aspectsSeen) {
    }

    private static IntersectionDefinition small() throws DefinitionException {
        return new IntersectionLoader().parse(SMALL, "explored");
    }

    @SuppressWarnings("unchecked")
    private static Result explore(SignalLogic logic, List<Demand> alphabet) {
        IntersectionDefinition def = logic.definition();
        Node start = new Node(logic.initial(0), new SafetyOracle(def));
        Set<Node> seen = new HashSet<>();
        ArrayDeque<Node> queue = new ArrayDeque<>();
        seen.add(start);
        queue.add(start);
        Set<Aspect>[] aspects = new Set[def.groups().size()];
        for (int i = 0; i < aspects.length; i++) {
            aspects[i] = new HashSet<>();
        }
        int transitions = 0;
        while (!queue.isEmpty()) {
            Node n = queue.poll();
            for (Demand d : alphabet) {
                ControllerState next = logic.tick(n.state(), d);
                SafetyOracle oracle = n.oracle().step(n.state(), next);
                transitions++;
                Node m = new Node(next, oracle);
                if (seen.add(m)) {
                    queue.add(m);
                    for (int g = 0; g < aspects.length; g++) {
                        aspects[g].add(next.aspect(g));
                    }
                }
            }
        }
        return new Result(seen.size(), transitions, aspects);
    }

    /** Every combination of call+extension per group and priority per group. */
    private static List<Demand> allDemands(int groups) {
        List<Demand> out = new ArrayList<>();
        for (long calls = 0; calls < (1L << groups); calls++) {
            for (long prio = 0; prio < 2; prio++) {
                out.add(new Demand(calls, calls, prio << 1));
            }
        }
        return out;
    }

    @Test
    void everyReachableActuatedStateIsSafe() throws DefinitionException {
        IntersectionDefinition def = small();
        Result r = explore(new SignalLogic(def, ControlMode.ACTUATED, null), allDemands(3));

        LOG.info("actuated: explored {} states, {} transitions, all safe", r.states(), r.transitions());
        assertThat(r.states()).isGreaterThan(10_000);
        for (int g = 0; g < 3; g++) {
            assertThat(r.aspectsSeen()[g]).as(def.groups().get(g).name()).contains(Aspect.GREEN, Aspect.RED);
        }
        assertThat(r.aspectsSeen()[0]).contains(Aspect.AMBER);
        assertThat(r.aspectsSeen()[2]).contains(Aspect.FLASHING_GREEN);
    }

    @Test
    void everyReachableFixedTimeStateIsSafe() throws DefinitionException {
        IntersectionDefinition def = small();
        Result r = explore(new SignalLogic(def, ControlMode.FIXED_TIME, def.plan("f").orElseThrow()), allDemands(3));

        LOG.info("fixed-time: explored {} states, {} transitions, all safe", r.states(), r.transitions());
        // fixed time ignores demand: one cycle of 200 ticks plus the start-up and the first, aligning cycle
        assertThat(r.states()).isBetween(200, 1000);
        assertThat(r.aspectsSeen()[1]).contains(Aspect.GREEN, Aspect.AMBER);
    }

    @Test
    void oracleRejectsUnsafeSteps() throws DefinitionException {
        IntersectionDefinition def = small();
        SignalLogic logic = new SignalLogic(def, ControlMode.ACTUATED, null);
        ControllerState s = logic.initial(0);
        SafetyOracle o = new SafetyOracle(def);
        for (int i = 0; i < 200; i++) {
            ControllerState next = logic.tick(s, Demand.NONE);
            o = o.step(s, next);
            s = next;
        }
        assertThat(s.aspect(0)).isEqualTo(Aspect.GREEN);
        ControllerState bothGreen = withAspects(s, Aspect.GREEN, Aspect.GREEN, Aspect.RED);
        ControllerState greenToRed = withAspects(s, Aspect.RED, Aspect.RED, Aspect.RED);
        SafetyOracle at = o;
        ControllerState before = s;

        assertThatThrownBy(() -> at.step(before, bothGreen)).hasMessageContaining("P-");
        assertThatThrownBy(() -> at.step(before, greenToRed)).hasMessageContaining("P-amber (no green to red)");
    }

    private static ControllerState withAspects(ControllerState s, Aspect... aspects) {
        List<io.cityhub.traffic.control.GroupState> groups = new ArrayList<>();
        for (int g = 0; g < aspects.length; g++) {
            var gs = s.groups().get(g);
            groups.add(new io.cityhub.traffic.control.GroupState(aspects[g], gs.inAspect(), gs.sinceGreenEnd(),
                    gs.sinceExtension(), gs.maxTimer(), gs.called(), gs.priority()));
        }
        return new ControllerState(s.phase(), s.phaseTicks(), s.stage(), s.next(), s.cursor(), s.stageTicks(),
                s.cycleTicks(), s.armed(), List.copyOf(groups));
    }
}
