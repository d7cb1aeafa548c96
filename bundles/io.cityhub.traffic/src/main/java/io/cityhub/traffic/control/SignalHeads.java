package io.cityhub.traffic.control;

import io.cityhub.traffic.definition.IntersectionDefinition;
import io.cityhub.traffic.definition.SignalGroup;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lamp levels for a controller state: one entry per lamp output of every group. Flashing aspects blink at 1 Hz
 * (5 ticks on, 5 off) on a common phase.
 */
public final class SignalHeads {

    /** Ticks a flashing lamp stays on (and off). */
    public static final int FLASH_HALF_PERIOD = 5;

    private final IntersectionDefinition def;

    /** @param def the intersection */
    public SignalHeads(IntersectionDefinition def) {
        this.def = def;
    }

    /**
     * @param state the controller state to show
     * @param tick the tick number, for the flash phase
     * @return output id to level, in definition order
     */
    public Map<String, Boolean> render(ControllerState state, long tick) {
        boolean flashOn = (tick / FLASH_HALF_PERIOD) % 2 == 0;
        Map<String, Boolean> levels = new LinkedHashMap<>();
        for (SignalGroup g : def.groups()) {
            Aspect a = state.aspect(g.index());
            levels.put(g.redOutput(), a == Aspect.RED);
            if (g.amberOutput() != null) {
                levels.put(g.amberOutput(), a == Aspect.AMBER || (a == Aspect.FLASHING_AMBER && flashOn));
            }
            levels.put(g.greenOutput(), a == Aspect.GREEN || (a == Aspect.FLASHING_GREEN && flashOn));
        }
        return levels;
    }
}
