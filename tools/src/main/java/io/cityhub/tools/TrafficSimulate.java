package io.cityhub.tools;

import io.cityhub.traffic.control.ControlMode;
import io.cityhub.traffic.definition.DefinitionException;
import io.cityhub.traffic.definition.FixedTimePlan;
import io.cityhub.traffic.definition.IntersectionDefinition;
import io.cityhub.traffic.definition.IntersectionLoader;
import io.cityhub.traffic.sim.TraceReader;
import io.cityhub.traffic.sim.TrafficSimulation;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code cityhub traffic simulate INTERSECTION.yaml [--events TRACE.csv] [--duration S] [--seed N]
 * [--mode actuated|fixed-time] [--plan NAME]}: runs the controller and the conflict monitor on simulated time and
 * writes the signal timeline (CSV) to standard output and the summary to standard error. Exit code 0 when the
 * monitor never tripped, 1 when it did, 2 for a usage, definition or trace error.
 */
public final class TrafficSimulate {

    private TrafficSimulate() {
    }

    /** @param args see the class description */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 1 || args[0].startsWith("--")) {
            err.println("usage: cityhub traffic simulate INTERSECTION.yaml [--events TRACE.csv] [--duration S]"
                    + " [--seed N] [--mode actuated|fixed-time] [--plan NAME]");
            return 2;
        }
        try {
            IntersectionDefinition def = new IntersectionLoader().load(Path.of(args[0]));
            String events = null;
            int duration = 3600;
            long seed = 1;
            ControlMode mode = ControlMode.ACTUATED;
            String planName = null;
            for (int i = 1; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                if (value == null) {
                    throw new IllegalArgumentException("option " + args[i] + " needs a value");
                }
                switch (args[i]) {
                    case "--events" -> events = value;
                    case "--duration" -> duration = Integer.parseInt(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--mode" -> mode = ControlMode.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
                    case "--plan" -> planName = value;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
                i++;
            }
            if (duration <= 0 || duration > 7 * 24 * 3600) {
                throw new IllegalArgumentException("--duration " + duration + "; expected 1 to 604800 seconds");
            }
            FixedTimePlan plan = null;
            if (mode == ControlMode.FIXED_TIME) {
                String wanted = planName;
                plan = wanted == null ? def.plans().stream().findFirst().orElse(null) : def.plan(wanted).orElse(null);
                if (plan == null) {
                    throw new IllegalArgumentException(
                            "no fixed-time plan " + (wanted == null ? "" : "'" + wanted + "' ") + "in " + args[0]);
                }
            }
            List<TraceReader.Event> trace = events == null ? List.of()
                    : TraceReader.parse(Files.readString(Path.of(events), StandardCharsets.UTF_8), def);
            Writer timeline = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            TrafficSimulation.Summary summary = new TrafficSimulation(def, mode, plan)
                    .run(trace, duration * 10, seed, timeline);
            err.printf(Locale.ROOT, "%s, %s, %d s, %s%n", def.name(), mode.name().toLowerCase(Locale.ROOT)
                    .replace('_', '-'), duration, events == null ? "random traffic, seed " + seed : "events " + events);
            err.printf(Locale.ROOT, "%-24s %10s %6s %12s%n", "group", "green_s", "waits", "max_wait_s");
            for (TrafficSimulation.GroupSummary g : summary.groups()) {
                err.printf(Locale.ROOT, "%-24s %10.1f %6d %12.1f%n", g.group(), g.greenSeconds(), g.waits(),
                        g.maxWaitSeconds());
            }
            summary.detectorFaults().forEach(f -> err.println("detector fault: " + f));
            if (summary.tripped()) {
                err.println("monitor: TRIPPED: " + summary.trips().get(0).kind() + " at "
                        + summary.trips().get(0).tick() / 10.0 + " s: " + summary.trips().get(0).detail());
                return 1;
            }
            err.println("monitor: no violation");
            return 0;
        } catch (DefinitionException e) {
            err.println(e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("cannot read: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
    }
}
