package io.cityhub.tools;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the traffic controller's compact SPaT reading ({@code group=eventState,minEndTime,maxEndTime,likelyTime,
 * confidence;...}, TimeMarks in tenths of a second of the hour, 36001 unknown; bundles/io.cityhub.traffic/README.md)
 * and says it in words: {@code main-east GREEN next change in ≥ 0.6 s, likely 4.2 s}.
 */
public final class SpatSummary {

    private static final int UNKNOWN = 36_001;

    private SpatSummary() {
    }

    /**
     * @param compact the reading's value
     * @param at the reading's timestamp (the TimeMarks count in its hour)
     * @return one line per signal group, or the text itself when it is not the compact form
     */
    public static List<String> lines(String compact, Instant at) {
        List<String> lines = new ArrayList<>();
        long nowTenths = Math.floorMod(at.toEpochMilli() / 100, 36_000L);
        for (String entry : compact.split(";")) {
            int eq = entry.indexOf('=');
            String[] f = eq < 0 ? new String[0] : entry.substring(eq + 1).split(",");
            if (f.length != 5) {
                return List.of(compact);
            }
            try {
                int state = Integer.parseInt(f[0]);
                int min = Integer.parseInt(f[1]);
                int max = Integer.parseInt(f[2]);
                int likely = Integer.parseInt(f[3]);
                StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-12s %-16s", entry.substring(0, eq),
                        state(state)));
                if (min != UNKNOWN && min == max) {
                    b.append(" changes in ").append(ahead(min, nowTenths));
                } else if (min != UNKNOWN) {
                    b.append(" changes in ≥ ").append(ahead(min, nowTenths));
                    if (likely != UNKNOWN) {
                        b.append(", likely ").append(ahead(likely, nowTenths));
                    }
                    if (max != UNKNOWN) {
                        b.append(", at most ").append(ahead(max, nowTenths));
                    }
                }
                lines.add(b.toString());
            } catch (NumberFormatException e) {
                return List.of(compact);
            }
        }
        return lines;
    }

    private static String ahead(int mark, long nowTenths) {
        long tenths = Math.floorMod(mark - nowTenths, 36_000L);
        return String.format(Locale.ROOT, "%.1f s", tenths / 10.0);
    }

    /** J2735 MovementPhaseState, as the lamps show it. */
    private static String state(int eventState) {
        return switch (eventState) {
            case 0 -> "UNAVAILABLE";
            case 1 -> "DARK";
            case 3 -> "RED";
            case 6 -> "GREEN";
            case 8 -> "AMBER/CLEARANCE";
            case 9 -> "FLASHING AMBER";
            default -> "state " + eventState;
        };
    }
}
