package io.cityhub.traffic.control;

import java.util.List;

/**
 * The whole controller state after a tick; immutable and comparable by value, so the exhaustive exploration can
 * store visited states.
 *
 * @param phase start-up flashing, start-up all-red, or running
 * @param phaseTicks ticks in the phase (saturating)
 * @param stage the stage whose groups are all green, -1 while none is
 * @param next the stage being changed to, -1 when no change is under way
 * @param cursor the last stage reached in normal order; a priority stage is inserted without moving it
 * @param stageTicks ticks since {@code stage} became complete (saturating)
 * @param cycleTicks position in the fixed-time cycle, 0 at the first stage's green start; 0 in actuated mode
 * @param armed fixed-time: the cycle boundary passed and the first stage may start
 * @param groups per-group state, by group index
 */
public record ControllerState(Phase phase, int phaseTicks, int stage, int next, int cursor, int stageTicks,
        int cycleTicks, boolean armed, List<GroupState> groups) {

    /** Controller phase. */
    public enum Phase {
        /** Start-up: flashing amber everywhere (pedestrians dark). */
        STARTUP_FLASH,
        /** Start-up: red everywhere before the first stage. */
        STARTUP_ALL_RED,
        /** Normal operation. */
        RUNNING
    }

    /**
     * @param group a group index
     * @return the group's aspect
     */
    public Aspect aspect(int group) {
        return groups.get(group).aspect();
    }
}
