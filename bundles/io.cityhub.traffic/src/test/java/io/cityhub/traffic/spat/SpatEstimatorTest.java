package io.cityhub.traffic.spat;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.traffic.control.ControlMode;
import io.cityhub.traffic.control.ControllerState;
import io.cityhub.traffic.control.DetectorProcessor;
import io.cityhub.traffic.control.SignalLogic;
import io.cityhub.traffic.definition.Detector;
import io.cityhub.traffic.definition.IntersectionDefinition;
import io.cityhub.traffic.definition.Intersections;
import io.cityhub.traffic.definition.PriorityInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SPaT window guarantee: every actual change happens inside [minEndTime, maxEndTime]. */
class SpatEstimatorTest {

    private static final int TICKS = 8_000;
    private static final int EVERY = 37;

    @ParameterizedTest
    @CsvSource({"t-junction.yaml,ACTUATED", "four-arm-crossing.yaml,ACTUATED", "dual-ring-intersection.yaml,ACTUATED",
        "t-junction.yaml,FIXED_TIME", "four-arm-crossing.yaml,FIXED_TIME", "dual-ring-intersection.yaml,FIXED_TIME"})
    void actualChangesFallInsideThePublishedWindow(String file, ControlMode mode) {
        IntersectionDefinition def = Intersections.load(file);
        SignalLogic logic = new SignalLogic(def, mode, mode == ControlMode.FIXED_TIME ? def.plans().get(0) : null);
        SpatEstimator spat = new SpatEstimator(logic);
        DetectorProcessor detectors = new DetectorProcessor(def);
        Random random = new Random(file.hashCode() + mode.ordinal());
        List<ControllerState> states = new ArrayList<>();
        ControllerState s = logic.initial(0);
        states.add(s);
        for (int t = 1; t <= TICKS; t++) {
            for (Detector d : def.detectors()) {
                detectors.set(d.input(), random.nextInt(1000) < (d.button() ? 5 : 80));
            }
            for (PriorityInput p : def.priorityInputs()) {
                detectors.set(p.input(), Math.floorMod(t - 700, 2_000) < 150);
            }
            s = logic.tick(s, detectors.tick(f -> { }));
            states.add(s);
        }
        int checked = 0;
        int exact = 0;
        for (int t = 0; t < TICKS - SpatEstimator.HORIZON / 2; t += EVERY) {
            List<MovementEvent> events = spat.estimate(states.get(t), t);
            for (int g = 0; g < def.groups().size(); g++) {
                int change = -1;
                for (int u = t + 1; u <= TICKS && change < 0; u++) {
                    if (states.get(u).aspect(g) != states.get(t).aspect(g)) {
                        change = u;
                    }
                }
                MovementEvent e = events.get(g);
                String what = file + " " + mode + " tick " + t + " " + e;
                if (change < 0) {
                    assertThat(e.maxEndTime() == MovementEvent.UNKNOWN || e.maxEndTime() > TICKS).as(what).isTrue();
                    continue;
                }
                checked++;
                assertThat(e.minEndTime()).as(what + " actual " + change).isLessThanOrEqualTo(change);
                if (e.maxEndTime() != MovementEvent.UNKNOWN) {
                    assertThat(e.maxEndTime()).as(what + " actual " + change).isGreaterThanOrEqualTo(change);
                    assertThat(e.likelyTime()).as(what).isBetween(e.minEndTime(), e.maxEndTime());
                    exact++;
                }
                if (e.likelyTime() != MovementEvent.UNKNOWN) {
                    assertThat(e.likelyTime()).as(what).isGreaterThanOrEqualTo(e.minEndTime());
                }
            }
        }
        assertThat(checked).isGreaterThan(100);
        if (mode == ControlMode.FIXED_TIME) {
            assertThat(exact).isEqualTo(checked);
        } else {
            assertThat(exact).isGreaterThan(0);
        }
    }
}
