package io.cityhub.traffic.bench;

import io.cityhub.traffic.Intersection;
import io.cityhub.traffic.control.ControlMode;
import io.cityhub.traffic.control.DetectorProcessor;
import io.cityhub.traffic.control.SignalLogic;
import io.cityhub.traffic.definition.Detector;
import io.cityhub.traffic.definition.IntersectionDefinition;
import io.cityhub.traffic.definition.IntersectionLoader;
import io.cityhub.traffic.definition.PriorityInput;
import io.cityhub.traffic.monitor.Violation;
import io.cityhub.traffic.spat.SpatEstimator;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * Prints tick computation times (detectors → controller → lamps → monitor, and separately the SPaT estimate) for
 * an intersection under random traffic. A plain main: it asserts nothing.
 * Arguments: definition file, measured ticks, warm-up ticks.
 */
public final class TickBenchmark {

    private TickBenchmark() {
    }

    /** @param args definition file, measured ticks, warm-up ticks */
    public static void main(String[] args) throws Exception {
        IntersectionDefinition def = new IntersectionLoader().load(Path.of(args[0]));
        int measured = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        Intersection x = new Intersection(def, ControlMode.ACTUATED, null, 0, new Intersection.Events() {
            @Override
            public void monitorTripped(Violation violation) {
                throw new IllegalStateException("monitor tripped: " + violation);
            }

            @Override
            public void detectorFailed(DetectorProcessor.Fault fault) {
                // random traffic may hold a loop long enough; its groups get a permanent call
            }
        });
        SpatEstimator spat = new SpatEstimator(new SignalLogic(def, ControlMode.ACTUATED, null));
        Random random = new Random(1);
        long[] tick = new long[measured];
        long[] spatTimes = new long[measured];
        long sink = 0;
        for (int t = 0; t < warmup + measured; t++) {
            for (Detector d : def.detectors()) {
                x.detectors().set(d.input(), random.nextInt(1000) < (d.button() ? 3 : 60));
            }
            for (PriorityInput p : def.priorityInputs()) {
                x.detectors().set(p.input(), Math.floorMod(t, 6_000) < 200);
            }
            long a = System.nanoTime();
            Map<String, Boolean> out = x.tick(Map.of());
            long b = System.nanoTime();
            sink += out.size() + spat.estimate(x.state(), t).size();
            long c = System.nanoTime();
            if (t >= warmup) {
                tick[t - warmup] = b - a;
                spatTimes[t - warmup] = c - b;
            }
        }
        System.out.printf("%s: %d groups, %d measured ticks after %d warm-up (sink %d)%n", def.name(),
                def.groups().size(), measured, warmup, sink);
        print("tick (controller + monitor)", tick);
        print("SPaT estimate", spatTimes);
    }

    private static void print(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf("%-28s p50 %8.1f µs  p99 %8.1f µs  max %8.1f µs%n", what, s[s.length / 2] / 1e3,
                s[(int) (s.length * 0.99)] / 1e3, s[s.length - 1] / 1e3);
    }
}
