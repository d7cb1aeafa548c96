package io.cityhub.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.traffic.control.ControlMode;
import io.cityhub.traffic.control.DetectorProcessor;
import io.cityhub.traffic.definition.IntersectionDefinition;
import io.cityhub.traffic.definition.Intersections;
import io.cityhub.traffic.monitor.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntersectionTest {

    private final List<Violation> trips = new ArrayList<>();
    private final List<DetectorProcessor.Fault> faults = new ArrayList<>();
    private final Intersection.Events events = new Intersection.Events() {
        @Override
        public void monitorTripped(Violation violation) {
            trips.add(violation);
        }

        @Override
        public void detectorFailed(DetectorProcessor.Fault fault) {
            faults.add(fault);
        }
    };

    private final IntersectionDefinition def = Intersections.load("t-junction.yaml");
    private final Intersection x = new Intersection(def, ControlMode.ACTUATED, null, 0, events);

    @Test
    void buttonLightsItsAcknowledgementUntilThePedestrianGreen() {
        for (int i = 0; i < 300; i++) {
            x.tick(Map.of());
        }
        x.detectors().set("btn.side", true);
        Map<String, Boolean> out = x.tick(Map.of());
        x.detectors().set("btn.side", false);
        assertThat(out).containsEntry("ps.ack", true).containsEntry("ps.green", false);
        while (!out.get("ps.green")) {
            assertThat(out).containsEntry("ps.ack", true);
            out = x.tick(Map.of());
            assertThat(x.ticks()).isLessThan(2000);
        }
        assertThat(out).containsEntry("ps.ack", false);
        assertThat(trips).isEmpty();
    }

    @Test
    void heartbeatTogglesEveryHealthyTickAndStopsWhenTheMonitorTrips() {
        Boolean previous = null;
        for (int i = 0; i < 200; i++) {
            Boolean hb = x.tick(Map.of()).get("tj.heartbeat");
            assertThat(hb).isNotEqualTo(previous);
            previous = hb;
        }
        // the main-east red lamp reads back off although commanded on: a lamp or relay failed
        Map<String, Boolean> out = Map.of();
        for (int i = 0; i < 5; i++) {
            out = x.tick(Map.of("ss.red", false));
        }

        assertThat(trips).singleElement().extracting(Violation::kind).isEqualTo(Violation.Kind.FEEDBACK);
        assertThat(x.tripped()).isTrue();
        assertThat(out).containsEntry("tj.heartbeat", false).containsEntry("me.green", false)
                .containsEntry("ss.red", false);
        for (int i = 0; i < 20; i++) {
            assertThat(x.tick(Map.of())).containsEntry("tj.heartbeat", false).containsEntry("ps.ack", false);
        }

        x.reset();
        assertThat(x.tripped()).isFalse();
        assertThat(x.state().phase()).isEqualTo(io.cityhub.traffic.control.ControllerState.Phase.STARTUP_FLASH);
        assertThat(x.tick(Map.of())).containsEntry("tj.heartbeat", true);
    }

    @Test
    void anHourOfRandomTrafficNeverTripsTheMonitorAndServesEveryApproach() {
        Random random = new Random(13);
        Map<String, Integer> greens = new HashMap<>();
        Map<String, Boolean> last = Map.of();
        for (int t = 0; t < 36_000; t++) {
            for (String input : List.of("det.side", "det.main-east", "det.main-west")) {
                x.detectors().set(input, random.nextInt(100) < 8);
            }
            x.detectors().set("btn.side", random.nextInt(1000) < 3);
            Map<String, Boolean> out = x.tick(Map.of());
            for (String g : List.of("me.green", "mw.green", "ss.green")) {
                if (out.get(g) && !last.getOrDefault(g, false)) {
                    greens.merge(g, 1, Integer::sum);
                }
            }
            // the pedestrian green lamp blinks in flashing green: count the ends of its red instead
            if (!out.get("ps.red") && last.getOrDefault("ps.red", false)) {
                greens.merge("ps.green", 1, Integer::sum);
            }
            last = out;
        }

        assertThat(trips).isEmpty();
        assertThat(faults).isEmpty();
        assertThat(greens.get("ss.green")).isGreaterThan(20);
        assertThat(greens.get("ps.green")).isGreaterThan(20);
        assertThat(greens.get("me.green")).isGreaterThan(20);
    }
}
