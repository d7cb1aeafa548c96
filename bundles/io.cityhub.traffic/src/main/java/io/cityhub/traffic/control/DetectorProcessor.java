package io.cityhub.traffic.control;

import io.cityhub.traffic.definition.Detector;
import io.cityhub.traffic.definition.IntersectionDefinition;
import io.cityhub.traffic.definition.PriorityInput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns input levels (loops, buttons, priority inputs) into each tick's {@link Demand}, and watches the detectors:
 * occupied longer than {@code max_presence_s} or silent longer than {@code no_activity_s} means failed (NTCIP 1202
 * diagnostics, notes §2.1). A failed detector places a permanent call and extension on its groups until an operator
 * reset, so its groups are served every cycle and run to maximum green rather than being skipped. Not thread-safe:
 * the controller's tick thread owns it.
 */
public final class DetectorProcessor {

    /** A detector fault, for the event stream. */
    public record Fault(String detector, String reason) {
    }

    private final IntersectionDefinition def;
    private final Map<String, Boolean> levels = new HashMap<>();
    private final int[] occupied;
    private final int[] silent;
    private final boolean[] failed;
    private final boolean[] previous;

    /** @param def the intersection whose detectors and priority inputs to read */
    public DetectorProcessor(IntersectionDefinition def) {
        this.def = def;
        int n = def.detectors().size();
        occupied = new int[n];
        silent = new int[n];
        failed = new boolean[n];
        previous = new boolean[n];
    }

    /**
     * Records an input level; it holds until changed.
     *
     * @param input input id from the definition
     * @param on the level
     * @return false when the definition has no such input
     */
    public boolean set(String input, boolean on) {
        boolean known = def.detectors().stream().anyMatch(d -> d.input().equals(input))
                || def.priorityInputs().stream().anyMatch(p -> p.input().equals(input));
        if (known) {
            levels.put(input, on);
        }
        return known;
    }

    /**
     * Marks a detector failed, as its hardware reported (e.g. a loop amplifier's fault output).
     *
     * @param detector the detector's name
     * @return false when there is no such detector
     */
    public boolean fail(String detector) {
        for (int i = 0; i < failed.length; i++) {
            if (def.detectors().get(i).name().equals(detector)) {
                failed[i] = true;
                return true;
            }
        }
        return false;
    }

    /** Clears every latched detector fault (operator reset). */
    public void reset() {
        java.util.Arrays.fill(failed, false);
        java.util.Arrays.fill(occupied, 0);
        java.util.Arrays.fill(silent, 0);
    }

    /**
     * @param detector index in the definition
     * @return true while the detector is failed
     */
    public boolean failed(int detector) {
        return failed[detector];
    }

    /**
     * Computes this tick's demand.
     *
     * @param faults receives each detector fault once, when it is first detected
     * @return the demand
     */
    public Demand tick(Consumer<Fault> faults) {
        long calls = 0;
        long extensions = 0;
        List<Detector> detectors = def.detectors();
        for (int i = 0; i < detectors.size(); i++) {
            Detector d = detectors.get(i);
            boolean on = levels.getOrDefault(d.input(), false);
            occupied[i] = on ? occupied[i] + 1 : 0;
            silent[i] = on ? 0 : silent[i] + 1;
            if (!failed[i] && d.maxPresence() > 0 && occupied[i] > d.maxPresence()) {
                failed[i] = true;
                faults.accept(new Fault(d.name(), "occupied longer than " + d.maxPresence() / 10.0 + " s"));
            } else if (!failed[i] && d.noActivity() > 0 && silent[i] > d.noActivity()) {
                failed[i] = true;
                faults.accept(new Fault(d.name(), "no actuation for " + d.noActivity() / 10.0 + " s"));
            }
            // a button calls on its press edge; a loop calls and extends while occupied; a failed one always
            boolean actuated = failed[i] || (d.button() ? on && !previous[i] : on);
            previous[i] = on;
            if (actuated) {
                calls |= mask(d.calls());
                extensions |= mask(d.extendsGroups());
            }
        }
        long priority = 0;
        for (PriorityInput p : def.priorityInputs()) {
            if (levels.getOrDefault(p.input(), false)) {
                priority |= 1L << p.group();
            }
        }
        return new Demand(calls, extensions, priority);
    }

    /** @return the names of failed detectors */
    public List<String> failedDetectors() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < failed.length; i++) {
            if (failed[i]) {
                out.add(def.detectors().get(i).name());
            }
        }
        return out;
    }

    private static long mask(List<Integer> groups) {
        long m = 0;
        for (int g : groups) {
            m |= 1L << g;
        }
        return m;
    }
}
