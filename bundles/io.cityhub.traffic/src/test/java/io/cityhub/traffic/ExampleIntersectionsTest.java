package io.cityhub.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.traffic.control.Aspect;
import io.cityhub.traffic.control.ControlMode;
import io.cityhub.traffic.control.DetectorProcessor;
import io.cityhub.traffic.definition.Detector;
import io.cityhub.traffic.definition.IntersectionDefinition;
import io.cityhub.traffic.definition.Intersections;
import io.cityhub.traffic.definition.PriorityInput;
import io.cityhub.traffic.monitor.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped example intersection runs an hour of random traffic, actuated and fixed-time, without a trip. */
class ExampleIntersectionsTest {

    static Stream<String> examples() throws IOException {
        try (Stream<Path> files = Files.list(Intersections.folder())) {
            return files
                    .map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml"))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void anHourOfRandomTrafficNeverTripsTheMonitorAndServesEveryGroup(String file) {
        IntersectionDefinition def = Intersections.load(file);
        for (ControlMode mode : ControlMode.values()) {
            List<Violation> trips = new ArrayList<>();
            Intersection x = new Intersection(def, mode, mode == ControlMode.FIXED_TIME ? def.plans().get(0) : null, 0,
                    new Intersection.Events() {
                        @Override
                        public void monitorTripped(Violation violation) {
                            trips.add(violation);
                        }

                        @Override
                        public void detectorFailed(DetectorProcessor.Fault fault) {
                            trips.add(new Violation(Violation.Kind.FEEDBACK, 0, "unexpected detector fault " + fault));
                        }
                    });
            Random random = new Random(file.hashCode());
            int[] greens = new int[def.groups().size()];
            Aspect[] last = new Aspect[greens.length];
            for (int t = 0; t < 36_000; t++) {
                for (Detector d : def.detectors()) {
                    x.detectors().set(d.input(), random.nextInt(1000) < (d.button() ? 3 : 60));
                }
                for (PriorityInput p : def.priorityInputs()) {
                    // a vehicle checks in about every ten minutes and stays checked in for 20 s
                    x.detectors().set(p.input(), Math.floorMod(t - 1_000, 6_000) < 200);
                }
                x.tick(Map.of());
                for (int g = 0; g < greens.length; g++) {
                    Aspect a = x.state().aspect(g);
                    if (a == Aspect.GREEN && last[g] != Aspect.GREEN) {
                        greens[g]++;
                    }
                    last[g] = a;
                }
            }
            assertThat(trips).as(file + " " + mode).isEmpty();
            for (int g = 0; g < greens.length; g++) {
                assertThat(greens[g]).as(file + " " + mode + " greens of " + def.groups().get(g).name())
                        .isGreaterThan(10);
            }
        }
    }
}
