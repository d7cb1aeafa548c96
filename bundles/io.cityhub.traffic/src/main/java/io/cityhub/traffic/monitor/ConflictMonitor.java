package io.cityhub.traffic.monitor;

import io.cityhub.traffic.definition.IntersectionDefinition;
import io.cityhub.traffic.definition.SignalGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The conflict monitor. It sees only lamp levels (what the controller commands, and what feedback inputs sense)
 * and the intersection's data; it shares no code with the controller's decisions and keeps its own history of
 * every head, so a controller defect cannot hide from it. Checked every tick: conflicting go aspects, intergreen,
 * amber length, green straight to red, missing red, dual indication, command against feedback.
 *
 * <p>A violation is caught before the offending levels reach the lamps: {@link #check} returns flashing amber
 * instead, from that tick on, latched until {@link #reset()} (MB 11-10-1976 art. 3.1.2; notes §1.6). A tick in
 * which no red and no green lamp is lit anywhere is flashing operation (start-up or failure) and is not checked,
 * as an MMU is disabled in flash; leaving it counts as the green end of every head.
 */
public final class ConflictMonitor {

    /** Consecutive ticks an output's feedback may disagree with its command (relay switching time). */
    public static final int FEEDBACK_TICKS = 2;

    private final IntersectionDefinition def;
    private final Consumer<Violation> listener;
    private final int flashHalfPeriod;
    private final HeadHistory[] heads;
    private final Map<String, Integer> feedbackMismatch = new HashMap<>();
    private final List<Violation> violations = new ArrayList<>();
    private Map<String, Boolean> lastWritten = Map.of();
    private boolean inFlash = true;
    private boolean tripped;
    private long tick;
    private long flashTick;

    /**
     * @param def the intersection
     * @param flashHalfPeriod ticks a flashing lamp stays off at most (a dark pedestrian head after its green is
     *     flashing green for this long)
     * @param listener told of each violation when it trips the monitor; called on the tick thread
     */
    public ConflictMonitor(IntersectionDefinition def, int flashHalfPeriod, Consumer<Violation> listener) {
        this.def = def;
        this.flashHalfPeriod = flashHalfPeriod;
        this.listener = listener;
        this.heads = new HeadHistory[def.groups().size()];
        for (int i = 0; i < heads.length; i++) {
            heads[i] = new HeadHistory();
        }
    }

    /**
     * Checks one tick's commanded levels and returns the levels to write.
     *
     * @param commanded output id to level, as the controller wants them this tick
     * @param sensed output id to the level read back for last tick's command, for outputs with feedback only
     * @return {@code commanded} when every rule holds, otherwise (and from then on) flashing amber
     */
    public Map<String, Boolean> check(Map<String, Boolean> commanded, Map<String, Boolean> sensed) {
        tick++;
        if (!tripped) {
            checkFeedback(sensed);
        }
        if (!tripped) {
            checkLamps(commanded);
        }
        Map<String, Boolean> out = tripped ? flashingAmber() : commanded;
        lastWritten = Map.copyOf(out);
        return out;
    }

    /** @return true once a violation was seen, until {@link #reset()} */
    public boolean tripped() {
        return tripped;
    }

    /** @return the violations that tripped the monitor since the last reset */
    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    /** Operator reset: clears the latch; the controller must restart from its start-up sequence. */
    public void reset() {
        tripped = false;
        violations.clear();
        feedbackMismatch.clear();
        inFlash = true;
        for (int i = 0; i < heads.length; i++) {
            heads[i] = new HeadHistory();
        }
    }

    private void checkFeedback(Map<String, Boolean> sensed) {
        sensed.forEach((output, level) -> {
            Boolean written = lastWritten.get(output);
            if (written == null) {
                return;
            }
            int count = written.equals(level) ? 0 : feedbackMismatch.getOrDefault(output, 0) + 1;
            feedbackMismatch.put(output, count);
            if (count > FEEDBACK_TICKS) {
                trip(Violation.Kind.FEEDBACK, "output '" + output + "' commanded " + (written ? "on" : "off")
                        + " but sensed " + (level ? "on" : "off") + " for " + count + " ticks");
            }
        });
    }

    private void checkLamps(Map<String, Boolean> lamps) {
        List<SignalGroup> groups = def.groups();
        boolean anyRedOrGreen = false;
        for (SignalGroup g : groups) {
            anyRedOrGreen |= lit(lamps, g.redOutput()) || lit(lamps, g.greenOutput());
        }
        if (!anyRedOrGreen) {
            inFlash = true;
            return;
        }
        if (inFlash) {
            inFlash = false;
            for (HeadHistory h : heads) {
                h.leaveFlash(tick);
            }
        }
        boolean[] go = new boolean[groups.size()];
        boolean[] greenStart = new boolean[groups.size()];
        for (SignalGroup g : groups) {
            HeadHistory h = heads[g.index()];
            boolean red = lit(lamps, g.redOutput());
            boolean amber = g.amberOutput() != null && lit(lamps, g.amberOutput());
            boolean green = lit(lamps, g.greenOutput());
            int count = (red ? 1 : 0) + (amber ? 1 : 0) + (green ? 1 : 0);
            if (count > 1) {
                trip(Violation.Kind.DUAL_INDICATION, "group '" + g.name() + "' lit red=" + red + " amber=" + amber
                        + " green=" + green);
                return;
            }
            char now = red ? 'R' : amber ? 'A' : green ? 'G' : 'D';
            if (now == 'D' && !(g.kind().isPedestrian() && h.mayBeFlashingGreen(tick, flashHalfPeriod))) {
                trip(Violation.Kind.MISSING_RED, "group '" + g.name() + "' shows no lamp outside flashing operation");
                return;
            }
            char before = h.last;
            if (before == 'G' && now == 'R' && !g.kind().isPedestrian()) {
                trip(Violation.Kind.GREEN_TO_RED, "group '" + g.name() + "' went from green to red without amber");
                return;
            }
            if (before == 'A' && now == 'R' && tick - h.amberStart < g.amber()) {
                trip(Violation.Kind.SHORT_AMBER, "group '" + g.name() + "' amber lasted " + (tick - h.amberStart)
                        + " ticks; configured " + g.amber());
                return;
            }
            boolean wasGo = h.go;
            go[g.index()] = now == 'G' || now == 'A' || (now == 'D' && g.kind().isPedestrian());
            greenStart[g.index()] = now == 'G' && !wasGo;
            h.record(now, go[g.index()], g.kind().isPedestrian(), tick);
        }
        for (SignalGroup g : groups) {
            for (SignalGroup c : groups) {
                if (!def.conflicts(g.index(), c.index())) {
                    continue;
                }
                if (g.index() < c.index() && go[g.index()] && go[c.index()]) {
                    trip(Violation.Kind.CONFLICT, "conflicting groups '" + g.name() + "' and '" + c.name()
                            + "' both show a go aspect");
                    return;
                }
                long since = tick - heads[c.index()].greenEnd;
                if (greenStart[g.index()] && since < def.intergreen(c.index(), g.index())) {
                    trip(Violation.Kind.INTERGREEN, "group '" + g.name() + "' started green " + since
                            + " ticks after the green of '" + c.name() + "' ended; intergreen is "
                            + def.intergreen(c.index(), g.index()));
                    return;
                }
            }
        }
    }

    private void trip(Violation.Kind kind, String detail) {
        Violation v = new Violation(kind, tick, detail);
        violations.add(v);
        if (!tripped) {
            tripped = true;
            flashTick = tick;
            listener.accept(v);
        }
    }

    private Map<String, Boolean> flashingAmber() {
        boolean on = ((tick - flashTick) / flashHalfPeriod) % 2 == 0;
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (SignalGroup g : def.groups()) {
            out.put(g.redOutput(), false);
            if (g.amberOutput() != null) {
                out.put(g.amberOutput(), on);
            }
            out.put(g.greenOutput(), false);
        }
        return out;
    }

    private static boolean lit(Map<String, Boolean> lamps, String output) {
        return Boolean.TRUE.equals(lamps.get(output));
    }

    /** What the monitor remembers of one head. */
    private static final class HeadHistory {
        char last = 'D';
        boolean go;
        long greenEnd;
        long amberStart;
        long lastGreenLit = Long.MIN_VALUE / 2;

        void leaveFlash(long tick) {
            last = 'D';
            go = false;
            greenEnd = tick;
        }

        boolean mayBeFlashingGreen(long tick, int halfPeriod) {
            return go && tick - lastGreenLit <= halfPeriod;
        }

        void record(char now, boolean goNow, boolean pedestrian, long tick) {
            if (now == 'A' && last != 'A') {
                amberStart = tick;
            }
            // intergreens count from the end of green: a pedestrian's go ends at red (after flashing green),
            // a vehicle's at the start of amber
            if (pedestrian ? go && !goNow : last == 'G' && now != 'G') {
                greenEnd = tick;
            }
            if (now == 'G') {
                lastGreenLit = tick;
            }
            last = now;
            go = goNow;
        }
    }
}
