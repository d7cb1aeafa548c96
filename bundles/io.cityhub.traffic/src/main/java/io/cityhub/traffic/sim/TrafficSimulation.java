package io.cityhub.traffic.sim;

import io.cityhub.traffic.Intersection;
import io.cityhub.traffic.control.Aspect;
import io.cityhub.traffic.control.ControlMode;
import io.cityhub.traffic.control.DetectorProcessor;
import io.cityhub.traffic.definition.Detector;
import io.cityhub.traffic.definition.FixedTimePlan;
import io.cityhub.traffic.definition.IntersectionDefinition;
import io.cityhub.traffic.definition.PriorityInput;
import io.cityhub.traffic.monitor.Violation;
import io.cityhub.traffic.spat.MovementEvent;
import io.cityhub.traffic.spat.SpatEstimator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Runs the controller and the monitor on simulated time (the engine behind {@code cityhub traffic simulate}):
 * input events from a trace, or random traffic from a seed; writes the signal timeline as CSV, one row per change.
 */
public final class TrafficSimulation {

    /** Timeline header (issue 13). */
    public static final String HEADER =
            "time_s,group,state,event_state,min_end_time,max_end_time,likely_time,confidence";

    /** Per-group figures of a run. */
    public record GroupSummary(String group, double greenSeconds, int waits, double maxWaitSeconds) {
    }

    /** What a run produced: per-group figures and the monitor's verdict (empty when it never tripped). */
    public record Summary(List<GroupSummary> groups, List<Violation> trips, List<String> detectorFaults) {
        /** @return true when the monitor tripped */
        public boolean tripped() {
            return !trips.isEmpty();
        }
    }

    private final IntersectionDefinition def;
    private final ControlMode mode;
    private final FixedTimePlan plan;

    /**
     * @param def the intersection
     * @param mode fixed-time or actuated
     * @param plan the plan for fixed-time, else null
     */
    public TrafficSimulation(IntersectionDefinition def, ControlMode mode, FixedTimePlan plan) {
        this.def = def;
        this.mode = mode;
        this.plan = plan;
    }

    /**
     * @param trace input events, sorted by time; empty to generate random traffic from {@code seed}
     * @param durationTenths simulated duration, tenths of a second
     * @param seed random traffic seed
     * @param timeline receives the CSV timeline
     * @return the summary
     * @throws UncheckedIOException when the timeline cannot be written
     */
    public Summary run(List<TraceReader.Event> trace, int durationTenths, long seed, Writer timeline) {
        List<Violation> trips = new ArrayList<>();
        List<String> faults = new ArrayList<>();
        Intersection x = new Intersection(def, mode, plan, 0, new Intersection.Events() {
            @Override
            public void monitorTripped(Violation violation) {
                trips.add(violation);
            }

            @Override
            public void detectorFailed(DetectorProcessor.Fault fault) {
                faults.add(fault.detector() + ": " + fault.reason());
            }
        });
        SpatEstimator spat = new SpatEstimator(new io.cityhub.traffic.control.SignalLogic(def, mode, plan));
        int n = def.groups().size();
        long[] green = new long[n];
        int[] waits = new int[n];
        long[] waitStart = new long[n];
        long[] maxWait = new long[n];
        java.util.Arrays.fill(waitStart, -1);
        Random random = new Random(seed);
        Aspect[] shown = new Aspect[n];
        int next = 0;
        try {
            timeline.write(HEADER + "\n");
            for (int t = 0; t <= durationTenths; t++) {
                if (t > 0) {
                    if (trace.isEmpty()) {
                        randomTraffic(x, random, t);
                    }
                    while (next < trace.size() && trace.get(next).tenths() <= t) {
                        TraceReader.Event e = trace.get(next++);
                        x.detectors().set(e.input(), e.on());
                    }
                    x.tick(Map.of());
                }
                List<MovementEvent> events = null;
                for (int g = 0; g < n; g++) {
                    // a tripped intersection shows flashing amber whatever the controller computes
                    Aspect a = x.tripped() ? (def.groups().get(g).kind().isPedestrian() ? Aspect.DARK
                            : Aspect.FLASHING_AMBER) : x.state().aspect(g);
                    boolean called = x.state().groups().get(g).called();
                    if (a == Aspect.GREEN) {
                        green[g]++;
                    }
                    if (called && waitStart[g] < 0) {
                        waitStart[g] = t;
                        waits[g]++;
                    } else if (!called && waitStart[g] >= 0) {
                        maxWait[g] = Math.max(maxWait[g], t - waitStart[g]);
                        waitStart[g] = -1;
                    }
                    if (a != shown[g]) {
                        if (events == null && !x.tripped()) {
                            events = spat.estimate(x.state(), t);
                        }
                        MovementEvent e = events == null ? null : events.get(g);
                        timeline.write(String.format(Locale.ROOT, "%.1f,%s,%s,%s,%s,%s,%s,%s%n", t / 10.0,
                                def.groups().get(g).name(), a.label(), e == null ? 9 : e.eventState(),
                                e == null ? MovementEvent.UNKNOWN : e.minEndTime(),
                                e == null ? MovementEvent.UNKNOWN : e.maxEndTime(),
                                e == null ? MovementEvent.UNKNOWN : e.likelyTime(), e == null ? 15 : e.confidence()));
                        shown[g] = a;
                    }
                }
            }
            timeline.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<GroupSummary> groups = new ArrayList<>();
        for (int g = 0; g < n; g++) {
            long open = waitStart[g] >= 0 ? durationTenths - waitStart[g] : 0;
            groups.add(new GroupSummary(def.groups().get(g).name(), green[g] / 10.0, waits[g],
                    Math.max(maxWait[g], open) / 10.0));
        }
        return new Summary(List.copyOf(groups), List.copyOf(trips), List.copyOf(faults));
    }

    private void randomTraffic(Intersection x, Random random, int t) {
        for (Detector d : def.detectors()) {
            x.detectors().set(d.input(), random.nextInt(1000) < (d.button() ? 3 : 60));
        }
        for (PriorityInput p : def.priorityInputs()) {
            // a vehicle checks in about every ten minutes and stays checked in for 20 s
            x.detectors().set(p.input(), Math.floorMod(t - 1_000 - p.group() * 500, 6_000) < 200);
        }
    }
}
