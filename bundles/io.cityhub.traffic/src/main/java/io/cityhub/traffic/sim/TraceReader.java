package io.cityhub.traffic.sim;

import io.cityhub.traffic.definition.IntersectionDefinition;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Reads an input trace: CSV with header {@code time,input,value}; time in seconds (one decimal), value 0 or 1. */
public final class TraceReader {

    /** One input change at a time in tenths of a second. */
    public record Event(int tenths, String input, boolean on) {
    }

    private TraceReader() {
    }

    /**
     * @param csv the trace text
     * @param def the intersection whose inputs the trace names
     * @return the events sorted by time (stable for equal times)
     * @throws IllegalArgumentException naming the line and value when a line is malformed or names an unknown input
     */
    public static List<Event> parse(String csv, IntersectionDefinition def) {
        Set<String> inputs = Stream.concat(def.detectors().stream().map(d -> d.input()),
                def.priorityInputs().stream().map(p -> p.input())).collect(Collectors.toSet());
        String[] lines = csv.split("\r?\n");
        if (lines.length == 0 || !lines[0].trim().equals("time,input,value")) {
            throw new IllegalArgumentException("trace line 1: expected the header 'time,input,value'");
        }
        List<Event> out = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",", -1);
            String where = "trace line " + (i + 1) + ": ";
            if (f.length != 3) {
                throw new IllegalArgumentException(where + "expected 3 fields, got '" + line + "'");
            }
            int tenths;
            try {
                BigDecimal s = new BigDecimal(f[0].trim());
                if (s.signum() < 0 || s.stripTrailingZeros().scale() > 1) {
                    throw new NumberFormatException();
                }
                tenths = s.movePointRight(1).intValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException(
                        where + "time '" + f[0] + "'; expected seconds >= 0 with one decimal");
            }
            String input = f[1].trim();
            if (!inputs.contains(input)) {
                throw new IllegalArgumentException(where + "unknown input '" + input + "'; expected one of "
                        + inputs.stream().sorted().toList());
            }
            String v = f[2].trim();
            if (!v.equals("0") && !v.equals("1")) {
                throw new IllegalArgumentException(where + "value '" + v + "'; expected 0 or 1");
            }
            out.add(new Event(tenths, input, v.equals("1")));
        }
        out.sort(Comparator.comparingInt(Event::tenths));
        return out;
    }
}
