package io.cityhub.traffic.verify;

import io.cityhub.traffic.control.Aspect;
import io.cityhub.traffic.control.ControllerState;
import io.cityhub.traffic.definition.IntersectionDefinition;
import io.cityhub.traffic.definition.SignalGroup;
import java.util.Arrays;

/**
 * The safety properties of notes/traffic.md §6 (P-conflict, P-intergreen, P-min-green, P-amber, P-min-red,
 * pedestrian clearance) checked on the sequence of aspects alone. It keeps its own counters, derived only from
 * aspect changes, so it does not trust the controller's timers. Immutable: {@link #step} returns the next oracle.
 */
final class SafetyOracle {

    private final IntersectionDefinition def;
    private final int[] capInAspect;
    private final int[] capSinceGreenEnd;
    private final int[] sinceGreenEnd;
    private final int[] inAspect;

    SafetyOracle(IntersectionDefinition def) {
        this.def = def;
        int n = def.groups().size();
        this.capInAspect = new int[n];
        this.capSinceGreenEnd = new int[n];
        for (SignalGroup g : def.groups()) {
            int i = g.index();
            // one above the largest constant compared with, so "exactly the amber" stays checkable
            capInAspect[i] = Math.max(Math.max(g.minGreen(), g.minRed()), Math.max(g.amber(), g.flashingGreen())) + 1;
            for (SignalGroup h : def.groups()) {
                capSinceGreenEnd[i] = Math.max(capSinceGreenEnd[i], def.intergreen(i, h.index()) + 1);
            }
        }
        this.sinceGreenEnd = capSinceGreenEnd.clone();
        this.inAspect = new int[n];
    }

    private SafetyOracle(SafetyOracle o, int[] sinceGreenEnd, int[] inAspect) {
        this.def = o.def;
        this.capInAspect = o.capInAspect;
        this.capSinceGreenEnd = o.capSinceGreenEnd;
        this.sinceGreenEnd = sinceGreenEnd;
        this.inAspect = inAspect;
    }

    /**
     * @return the oracle after the tick from {@code before} to {@code after}
     * @throws AssertionError naming the property, group and values when a safety property is broken
     */
    SafetyOracle step(ControllerState before, ControllerState after) {
        int n = def.groups().size();
        int[] sge = new int[n];
        int[] in = new int[n];
        for (int g = 0; g < n; g++) {
            sge[g] = Math.min(capSinceGreenEnd[g], sinceGreenEnd[g] + 1);
            in[g] = Math.min(capInAspect[g], inAspect[g] + 1);
        }
        for (int g = 0; g < n; g++) {
            SignalGroup sg = def.groups().get(g);
            Aspect a = before.aspect(g);
            Aspect b = after.aspect(g);
            if (a == b) {
                continue;
            }
            String what = sg.name() + " " + a + "->" + b + " after " + in[g] + " ticks";
            switch (a) {
                case FLASHING_AMBER, DARK -> {
                    require(b == Aspect.RED, "flash ends in red: " + what);
                    sge[g] = 0;
                }
                case GREEN -> {
                    require(in[g] >= sg.minGreen(), "P-min-green: " + what + " < " + sg.minGreen());
                    if (sg.kind().isPedestrian()) {
                        require(b == Aspect.FLASHING_GREEN || (b == Aspect.RED && sg.flashingGreen() == 0), what);
                        sge[g] = b == Aspect.RED ? 0 : sge[g];
                    } else {
                        require(b == Aspect.AMBER, "P-amber (no green to red): " + what);
                        sge[g] = 0;
                    }
                }
                case AMBER -> {
                    require(b == Aspect.RED && in[g] == sg.amber(), "P-amber exact: " + what + " != " + sg.amber());
                }
                case FLASHING_GREEN -> {
                    require(b == Aspect.RED && in[g] == sg.flashingGreen(), "P-ped-clearance: " + what);
                    sge[g] = 0;
                }
                case RED -> {
                    require(b == Aspect.GREEN, "red only to green: " + what);
                    require(in[g] >= sg.minRed(), "P-min-red: " + what + " < " + sg.minRed());
                    for (int c = 0; c < n; c++) {
                        if (def.conflicts(c, g)) {
                            require(after.aspect(c) == Aspect.RED, "P-conflict at green start: " + what);
                            require(sge[c] >= def.intergreen(c, g), "P-intergreen: " + what + ", "
                                    + def.groups().get(c).name() + " green ended " + sge[c] + " ticks before, IG "
                                    + def.intergreen(c, g));
                        }
                    }
                }
                default -> throw new AssertionError("unexpected aspect " + what);
            }
            in[g] = 0;
        }
        for (int g = 0; g < n; g++) {
            if (after.aspect(g) == Aspect.GREEN) {
                // read only while red: rest at the cap during green, so equal futures share one state
                sge[g] = capSinceGreenEnd[g];
            }
            for (int h = g + 1; h < n; h++) {
                if (def.conflicts(g, h) && go(after.aspect(g)) && go(after.aspect(h))) {
                    throw new AssertionError("P-conflict: " + def.groups().get(g).name() + " " + after.aspect(g)
                            + " with " + def.groups().get(h).name() + " " + after.aspect(h));
                }
            }
        }
        return new SafetyOracle(this, sge, in);
    }

    private static boolean go(Aspect a) {
        return a == Aspect.GREEN || a == Aspect.AMBER || a == Aspect.FLASHING_GREEN;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SafetyOracle other && Arrays.equals(sinceGreenEnd, other.sinceGreenEnd)
                && Arrays.equals(inAspect, other.inAspect);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(sinceGreenEnd) + Arrays.hashCode(inAspect);
    }
}
