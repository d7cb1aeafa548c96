package io.cityhub.traffic.definition;

import java.util.List;
import java.util.Optional;

/**
 * A validated intersection: groups, conflicts, intergreens, stages, detectors, priority inputs and plans. Only
 * {@link IntersectionLoader} builds one, after every load-time rule held.
 *
 * <p>Intergreen is measured from the end of green of the clearing group (vehicles: start of amber; pedestrians:
 * end of flashing green) to the start of green of the entering group, in tenths of a second.
 */
public final class IntersectionDefinition {

    private final String name;
    private final List<SignalGroup> groups;
    private final boolean[][] conflicts;
    private final int[][] intergreens;
    private final List<Stage> stages;
    private final List<Detector> detectors;
    private final List<PriorityInput> priorityInputs;
    private final List<FixedTimePlan> plans;
    private final String heartbeatOutput;
    private final int startupFlash;
    private final int startupAllRed;

    IntersectionDefinition(String name, List<SignalGroup> groups, boolean[][] conflicts, int[][] intergreens,
            List<Stage> stages, List<Detector> detectors, List<PriorityInput> priorityInputs,
            List<FixedTimePlan> plans, String heartbeatOutput, int startupFlash, int startupAllRed) {
        this.name = name;
        this.groups = List.copyOf(groups);
        this.conflicts = deepCopy(conflicts);
        this.intergreens = deepCopy(intergreens);
        this.stages = List.copyOf(stages);
        this.detectors = List.copyOf(detectors);
        this.priorityInputs = List.copyOf(priorityInputs);
        this.plans = List.copyOf(plans);
        this.heartbeatOutput = heartbeatOutput;
        this.startupFlash = startupFlash;
        this.startupAllRed = startupAllRed;
    }

    /** @return the intersection's name */
    public String name() {
        return name;
    }

    /** @return the signal groups, by index */
    public List<SignalGroup> groups() {
        return groups;
    }

    /**
     * @param a a group index
     * @param b a group index
     * @return true when a and b may not be green (or amber, or flashing green) together
     */
    public boolean conflicts(int a, int b) {
        return conflicts[a][b];
    }

    /**
     * @param clearing index of the group whose green ends
     * @param entering index of the conflicting group whose green starts
     * @return the minimum time in tenths from the end of {@code clearing}'s green to the start of
     *     {@code entering}'s green; 0 when the groups do not conflict
     */
    public int intergreen(int clearing, int entering) {
        return conflicts[clearing][entering] ? intergreens[clearing][entering] : 0;
    }

    /** @return the stages in their cyclic order */
    public List<Stage> stages() {
        return stages;
    }

    /** @return the detectors and push buttons */
    public List<Detector> detectors() {
        return detectors;
    }

    /** @return the priority request inputs */
    public List<PriorityInput> priorityInputs() {
        return priorityInputs;
    }

    /** @return the fixed-time plans */
    public List<FixedTimePlan> plans() {
        return plans;
    }

    /**
     * @param planName a plan's name
     * @return the plan, or empty when the definition has none by that name
     */
    public Optional<FixedTimePlan> plan(String planName) {
        return plans.stream().filter(p -> p.name().equals(planName)).findFirst();
    }

    /** @return the output an external watchdog watches (toggled every healthy tick), or null when none */
    public String heartbeatOutput() {
        return heartbeatOutput;
    }

    /** @return flashing amber at start-up before the all-red, tenths */
    public int startupFlash() {
        return startupFlash;
    }

    /** @return all-red after the start-up flash, tenths (intergreens from the flash also apply) */
    public int startupAllRed() {
        return startupAllRed;
    }

    /**
     * @param groupName a group's name
     * @return its index, or -1 when no group has that name
     */
    public int indexOf(String groupName) {
        for (SignalGroup g : groups) {
            if (g.name().equals(groupName)) {
                return g.index();
            }
        }
        return -1;
    }

    private static boolean[][] deepCopy(boolean[][] m) {
        boolean[][] c = new boolean[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    private static int[][] deepCopy(int[][] m) {
        int[][] c = new int[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
