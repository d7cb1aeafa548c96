package io.cityhub.traffic.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.traffic.Intersection;
import io.cityhub.traffic.control.Aspect;
import io.cityhub.traffic.control.ControlMode;
import io.cityhub.traffic.control.ControllerState;
import io.cityhub.traffic.control.DetectorProcessor;
import io.cityhub.traffic.definition.Detector;
import io.cityhub.traffic.definition.IntersectionDefinition;
import io.cityhub.traffic.definition.Intersections;
import io.cityhub.traffic.definition.PriorityInput;
import io.cityhub.traffic.definition.SignalGroup;
import io.cityhub.traffic.definition.Stage;
import io.cityhub.traffic.monitor.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property tests over random event traces on the example intersections: the controller with its monitor never
 * breaks a safety property (checked by {@link SafetyOracle}, independently of the monitor), never trips the
 * monitor, bounds every green facing a conflicting call, serves every call within a bound, and a monitor fault
 * latches flashing amber for good.
 */
class RandomTrafficPropertiesTest {

    /** One input change: at {@code tick}, input number {@code input} of the intersection goes to {@code on}. */
    record Event(int tick, int input, boolean on) {
    }

    static final int TICKS = 6_000;

    @Provide
    Arbitrary<String> intersections() {
        return Arbitraries.of("t-junction.yaml", "four-arm-crossing.yaml", "dual-ring-intersection.yaml");
    }

    @Provide
    Arbitrary<List<Event>> traces() {
        Arbitrary<Event> event = Combinators.combine(Arbitraries.integers().between(0, TICKS - 1),
                Arbitraries.integers().between(0, 63), Arbitraries.of(true, false)).as(Event::new);
        return event.list().ofMinSize(0).ofMaxSize(600);
    }

    private static List<String> inputs(IntersectionDefinition def) {
        List<String> out = new ArrayList<>();
        def.detectors().stream().map(Detector::input).forEach(out::add);
        def.priorityInputs().stream().map(PriorityInput::input).forEach(out::add);
        return out;
    }

    private static final Intersection.Events IGNORE = new Intersection.Events() {
        @Override
        public void monitorTripped(Violation violation) {
            throw new AssertionError("monitor tripped: " + violation);
        }

        @Override
        public void detectorFailed(DetectorProcessor.Fault fault) {
            // a stuck loop in a random trace is a legal input: its groups get a permanent call
        }
    };

    @Property(tries = 40)
    void actuatedControlIsSafeBoundedAndServesEveryCall(@ForAll("intersections") String file,
            @ForAll("traces") List<Event> trace) {
        IntersectionDefinition def = Intersections.load(file);
        Intersection x = new Intersection(def, ControlMode.ACTUATED, null, 0, IGNORE);
        List<String> inputs = inputs(def);
        List<Event> sorted = trace.stream().sorted(java.util.Comparator.comparingInt(Event::tick)).toList();
        int n = def.groups().size();
        int serviceBound = serviceBound(def);
        int[] waitingSince = new int[n];
        int[] conflictingCallSince = new int[n];
        java.util.Arrays.fill(waitingSince, -1);
        java.util.Arrays.fill(conflictingCallSince, -1);
        SafetyOracle oracle = new SafetyOracle(def);
        ControllerState before = x.state();
        int next = 0;
        for (int t = 0; t < TICKS; t++) {
            while (next < sorted.size() && sorted.get(next).tick() == t) {
                Event e = sorted.get(next++);
                x.detectors().set(inputs.get(e.input() % inputs.size()), e.on());
            }
            x.tick(Map.of());
            ControllerState after = x.state();
            oracle = oracle.step(before, after);
            for (int g = 0; g < n; g++) {
                SignalGroup sg = def.groups().get(g);
                boolean green = after.aspect(g) == Aspect.GREEN;
                boolean waiting = after.groups().get(g).called();
                waitingSince[g] = !waiting || green ? -1 : waitingSince[g] < 0 ? t : waitingSince[g];
                assertThat(waitingSince[g] < 0 || t - waitingSince[g] <= serviceBound)
                        .as(
                                "L-service: %s waits since tick %d at %d (bound %d)",
                                sg.name(), waitingSince[g], t, serviceBound)
                        .isTrue();
                // a call for any group not green needs a stage change
                boolean conflictingCall = false;
                for (int h = 0; h < n; h++) {
                    conflictingCall |= after.aspect(h) != Aspect.GREEN && after.groups().get(h).called();
                }
                // measured over an unbroken wait: a call served by the same stage change ends it
                conflictingCallSince[g] = !green || !conflictingCall ? -1
                        : conflictingCallSince[g] >= 0 ? conflictingCallSince[g] : t;
                // a stage ends when all its ending groups gapped or maxed out; every green group's maximum runs
                // from the call (or its later green start, staggered by intergreens within a stage change), so
                // each stage holding the group lasts at most its largest maximum (+ priority extension) plus a
                // stage change; a group green in consecutive stages is bounded by the sum over those stages
                int limit = chainLimit(def, g);
                assertThat(conflictingCallSince[g] < 0 || t - conflictingCallSince[g] <= limit)
                        .as("P-max-green: %s green %d ticks after a conflicting call (limit %d)", sg.name(),
                                t - conflictingCallSince[g], limit)
                        .isTrue();
            }
            before = after;
        }
    }

    @Property(tries = 20)
    void fixedTimeControlIsSafe(@ForAll("intersections") String file, @ForAll("traces") List<Event> trace) {
        IntersectionDefinition def = Intersections.load(file);
        Intersection x = new Intersection(def, ControlMode.FIXED_TIME, def.plans().get(0), 0, IGNORE);
        List<String> inputs = inputs(def);
        SafetyOracle oracle = new SafetyOracle(def);
        ControllerState before = x.state();
        for (int t = 0; t < TICKS; t++) {
            for (Event e : trace) {
                if (e.tick() == t) {
                    x.detectors().set(inputs.get(e.input() % inputs.size()), e.on());
                }
            }
            x.tick(Map.of());
            oracle = oracle.step(before, x.state());
            before = x.state();
        }
    }

    @Property(tries = 30)
    void aMonitorFaultLatchesFlashingAmberWithinTheTick(@ForAll("intersections") String file,
            @ForAll("traces") List<Event> trace, @ForAll("faultTicks") int faultTick) {
        IntersectionDefinition def = Intersections.load(file);
        List<Violation> trips = new ArrayList<>();
        Intersection x = new Intersection(def, ControlMode.ACTUATED, null, 0, new Intersection.Events() {
            @Override
            public void monitorTripped(Violation violation) {
                trips.add(violation);
            }

            @Override
            public void detectorFailed(DetectorProcessor.Fault fault) {
                // legal input
            }
        });
        List<String> inputs = inputs(def);
        String lamp = def.groups().get(0).redOutput();
        Map<String, Boolean> out = Map.of();
        for (int t = 0; t < 3_000; t++) {
            for (Event e : trace) {
                if (e.tick() == t) {
                    x.detectors().set(inputs.get(e.input() % inputs.size()), e.on());
                }
            }
            // from faultTick on, the first group's red lamp reads back the opposite of its command
            Map<String, Boolean> sensed = t >= faultTick ? Map.of(lamp, !out.getOrDefault(lamp, false)) : Map.of();
            out = x.tick(sensed);
            boolean tripTick = trips.size() == 1 && trips.get(0).tick() == x.ticks();
            if (!trips.isEmpty()) {
                for (SignalGroup g : def.groups()) {
                    assertThat(out.get(g.redOutput()) || out.get(g.greenOutput()))
                            .as("flashing amber at tick %d (trip tick %s)", t, tripTick).isFalse();
                }
                assertThat(x.tripped()).isTrue();
            }
        }
        assertThat(trips).hasSize(1);
        assertThat(trips.get(0).kind()).isEqualTo(Violation.Kind.FEEDBACK);
        assertThat(trips.get(0).tick()).isBetween((long) faultTick + 1, (long) faultTick + 1 + 3);
    }

    @Provide
    Arbitrary<Integer> faultTicks() {
        return Arbitraries.integers().between(1, 2_500);
    }

    private static int maxExtension(IntersectionDefinition def, int group) {
        return def.priorityInputs().stream().filter(p -> p.group() == group).mapToInt(PriorityInput::maxExtension)
                .max().orElse(0);
    }

    private static int chainLimit(IntersectionDefinition def, int group) {
        int limit = 0;
        for (Stage s : def.stages()) {
            if (s.contains(group)) {
                int max = 0;
                for (int o : s.groups()) {
                    max = Math.max(max, def.groups().get(o).maxGreen() + maxExtension(def, o));
                }
                limit += max + longestChange(def);
            }
        }
        return limit;
    }

    /** Longest stage change (flashing green, then intergreen or minimum red) plus the longest minimum green. */
    private static int longestChange(IntersectionDefinition def) {
        int ig = 0;
        int flashing = 0;
        int minRed = 0;
        int minGreen = 0;
        for (SignalGroup g : def.groups()) {
            minGreen = Math.max(minGreen, g.minGreen());
            flashing = Math.max(flashing, g.flashingGreen());
            minRed = Math.max(minRed, g.minRed());
            for (SignalGroup h : def.groups()) {
                ig = Math.max(ig, def.intergreen(g.index(), h.index()));
            }
        }
        return flashing + Math.max(ig, minRed) + minGreen + 1;
    }

    /** Two full cycles at maximum greens (with priority extension) and the longest intergreens and clearances. */
    private static int serviceBound(IntersectionDefinition def) {
        int cycle = 0;
        int longestIntergreen = 0;
        for (SignalGroup g : def.groups()) {
            for (SignalGroup h : def.groups()) {
                longestIntergreen = Math.max(longestIntergreen, def.intergreen(g.index(), h.index()));
            }
        }
        for (Stage s : def.stages()) {
            int longest = 0;
            for (int g : s.groups()) {
                SignalGroup sg = def.groups().get(g);
                longest = Math.max(longest, sg.maxGreen() + maxExtension(def, g) + sg.flashingGreen() + sg.minRed());
            }
            cycle += longest + longestIntergreen;
        }
        return 2 * cycle;
    }
}
