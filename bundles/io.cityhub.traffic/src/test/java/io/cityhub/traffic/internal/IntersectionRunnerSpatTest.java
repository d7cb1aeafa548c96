package io.cityhub.traffic.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.traffic.MovementTiming;
import io.cityhub.api.traffic.SignalTiming;
import io.cityhub.traffic.control.Aspect;
import io.cityhub.traffic.control.ControlMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SPaT the runner publishes: on change only, and every actual change inside the last published window. */
class IntersectionRunnerSpatTest {

    private static final int HOUR = 36_000;
    private static final int STEPS = 6_000;

    /** A TimeMark as tenths since the epoch: the first such time at or after the publication (§4.2: a mark below
     * the current time-of-hour refers to the next hour). */
    private static long unwrap(long publishedAt, int mark) {
        return publishedAt + Math.floorMod(mark - publishedAt, (long) HOUR);
    }

    @ParameterizedTest
    @CsvSource({"t-junction.yaml,ACTUATED", "four-arm-crossing.yaml,ACTUATED", "dual-ring-intersection.yaml,ACTUATED",
        "t-junction.yaml,FIXED_TIME", "four-arm-crossing.yaml,FIXED_TIME"})
    void everyActualChangeFallsInsideTheLastPublishedWindow(String file, ControlMode mode) throws Exception {
        RunnerFixture f = new RunnerFixture(file, mode, true);
        Random random = new Random(file.hashCode() + mode.ordinal());
        List<FakeInput> inputs = new ArrayList<>(f.inputs.values());
        List<Aspect> before = List.of();
        int changes = 0;
        int bounded = 0;
        for (int step = 0; step < STEPS; step++) {
            for (FakeInput in : inputs) {
                if (random.nextInt(1000) < 20) {
                    in.set(!in.active());
                }
            }
            int publishedBefore = f.published.size();
            f.runner.runDue();
            List<Aspect> now = f.runner.aspects();
            long nowTenths = f.clock.millis() / 100;
            for (int g = 0; g < now.size() && !before.isEmpty(); g++) {
                if (now.get(g) == before.get(g)) {
                    continue;
                }
                changes++;
                Map.Entry<Long, SignalTiming> last = f.published.get(publishedBefore - 1);
                MovementTiming m = last.getValue().movements().get(g);
                String what = file + " " + mode + " step " + step + " group " + m.signalGroup() + " " + before.get(g)
                        + "->" + now.get(g) + " published at " + last.getKey() + ": " + m;
                assertThat(unwrap(last.getKey(), m.minEndTime())).as(what).isLessThanOrEqualTo(nowTenths);
                if (m.maxEndTime() != MovementTiming.UNKNOWN) {
                    bounded++;
                    assertThat(unwrap(last.getKey(), m.maxEndTime())).as(what).isGreaterThanOrEqualTo(nowTenths);
                }
            }
            if (f.published.size() > publishedBefore) {
                checkOrdered(f.published.get(f.published.size() - 1));
            }
            before = now;
            f.clock.advance(IntersectionRunner.STEP_MILLIS);
        }
        assertThat(changes).isGreaterThan(20);
        assertThat(bounded).isGreaterThan(0);
        assertThat(f.published.size()).as("published on change, not every step")
                .isLessThan(STEPS / 2);
        assertThat(f.spatSink.values(SpatPublisher.CHANNEL)).hasSize(f.published.size());
    }

    private static void checkOrdered(Map.Entry<Long, SignalTiming> p) {
        for (MovementTiming m : p.getValue().movements()) {
            long min = unwrap(p.getKey(), m.minEndTime());
            if (m.likelyTime() != MovementTiming.UNKNOWN) {
                long likely = unwrap(p.getKey(), m.likelyTime());
                assertThat(likely).as(m.toString()).isGreaterThanOrEqualTo(min);
                if (m.maxEndTime() != MovementTiming.UNKNOWN) {
                    assertThat(likely).as(m.toString()).isLessThanOrEqualTo(unwrap(p.getKey(), m.maxEndTime()));
                }
            }
        }
    }

    @Test
    void telemetryIsOneCompactNormalPriorityReadingPerChange() throws Exception {
        RunnerFixture f = new RunnerFixture("t-junction.yaml", ControlMode.FIXED_TIME, true);

        f.run(1_000);

        List<Reading> spat = f.spatSink.readings;
        assertThat(spat).isNotEmpty().allMatch(r -> r.priority() != Priority.SAFETY)
                .allMatch(r -> r.sensorId().equals("traffic/t-junction"));
        SignalTiming last = f.published.get(f.published.size() - 1).getValue();
        assertThat(spat.get(spat.size() - 1).value().canonical()).isEqualTo(SpatPublisher.compact(last));
        assertThat(SpatPublisher.compact(last)).matches("main-east=\\d,\\d+,\\d+,\\d+,\\d+;main-west=.*;ped-side=.*");
    }

    @Test
    void aMonitorTripPublishesCautionWithUnknownTimes() throws Exception {
        RunnerFixture f = new RunnerFixture("t-junction.yaml", ControlMode.ACTUATED, true);
        f.outputs.get("me.green").stickFeedback(false);

        f.run(200);

        SignalTiming last = f.published.get(f.published.size() - 1).getValue();
        assertThat(last.movements()).allMatch(m -> m.eventState() == 9 && m.maxEndTime() == MovementTiming.UNKNOWN);
    }
}
