package io.cityhub.traffic.internal;

import static io.cityhub.traffic.internal.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.output.DigitalOutput;
import io.cityhub.testing.MutableClock;
import io.cityhub.traffic.control.ControlMode;
import io.cityhub.traffic.definition.IntersectionDefinition;
import io.cityhub.traffic.definition.IntersectionLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The tick thread wakes for each step when it is due on a clock that never jumps, and runs real-time when asked:
 * a wall clock set back does not freeze the signals, one set forward does not run a burst of steps, and the SPaT is
 * dated by the wall clock as it reads at each step.
 */
@Timeout(60)
class TickThreadTest {

    private static final Path EXAMPLES = Path.of("../../intersections").toAbsolutePath().normalize();

    private final MutableClock wall = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
    private final AtomicLong monotonic = new AtomicLong(5_000);
    private final RecordingSink sink = new RecordingSink();
    private TrafficController controller;

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.deactivate();
        }
    }

    @Test
    void theWallClockSetBackNeitherFreezesTheStepsNorDatesThemInTheFuture() throws Exception {
        RunnerFixture fixture = new RunnerFixture("t-junction.yaml", ControlMode.ACTUATED, true);
        IntersectionRunner runner = runnerOn(fixture);
        List<Long> dated = new ArrayList<>();
        fixture.listeners.add(t -> dated.add(t.at().toEpochMilli()));
        runFor(runner, 30);
        long before = steps(runner);

        wall.advance(Duration.ofSeconds(-600));
        runFor(runner, 5);

        assertThat(steps(runner)).as("steps after the wall clock went back 10 min").isEqualTo(before + 5);
        assertThat(runner.health()).containsEntry("skippedSteps", 0L);
        assertThat(dated).isNotEmpty();
        assertThat(dated.get(dated.size() - 1)).as("SPaT dated by the wall clock as it reads now")
                .isLessThanOrEqualTo(wall.millis());
    }

    @Test
    void theWallClockSetForwardRunsNoBurstOfSteps() throws Exception {
        RunnerFixture fixture = new RunnerFixture("t-junction.yaml", ControlMode.ACTUATED, true);
        IntersectionRunner runner = runnerOn(fixture);
        runFor(runner, 30);
        long before = steps(runner);

        wall.advance(Duration.ofHours(2));
        runFor(runner, 1);

        assertThat(steps(runner)).isEqualTo(before + 1);
        assertThat(runner.health()).containsEntry("skippedSteps", 0L);
    }

    @Test
    void theNextStepIsDueOnTheMonotonicClock() throws Exception {
        RunnerFixture fixture = new RunnerFixture("t-junction.yaml", ControlMode.ACTUATED, true);
        IntersectionRunner runner = runnerOn(fixture);
        assertThat(runner.millisUntilNextStep()).as("nothing due before the start").isEqualTo(Long.MAX_VALUE);

        runner.runDue();
        monotonic.addAndGet(30);

        assertThat(runner.millisUntilNextStep()).isEqualTo(70);
    }

    @Test
    void aRealTimeTickThreadRunsSchedFifo() throws Exception {
        controller = started(10, TrafficController.CHRT);

        await().atMost(Duration.ofSeconds(20)).until(() -> !"starting".equals(controller.tickThread().scheduling()));

        assertThat(controller.health()).containsEntry("tickScheduling", "SCHED_FIFO 10");
        long tid = controller.tickThread().nativeId();
        assertThat(policyOf(tid)).as("kernel scheduling policy of task %d (1 = SCHED_FIFO)", tid).isEqualTo(1);
        awaitSteps(3);
    }

    @Test
    void aRefusedRealTimePriorityLeavesTheThreadRunningAndSaysWhy() throws Exception {
        controller = started(10, "/nonexistent/chrt");

        await().atMost(Duration.ofSeconds(20)).until(() -> !"starting".equals(controller.tickThread().scheduling()));

        assertThat(controller.tickThread().scheduling()).startsWith("normal (cannot run /nonexistent/chrt");
        assertThat(policyOf(controller.tickThread().nativeId())).isZero();
        awaitSteps(3);
    }

    @Test
    void priorityZeroIsNormalScheduling() throws Exception {
        controller = started(0, TrafficController.CHRT);

        await().atMost(Duration.ofSeconds(20)).until(() -> !"starting".equals(controller.tickThread().scheduling()));

        assertThat(controller.tickThread().scheduling()).isEqualTo("normal (tick.realtime.priority 0)");
        assertThat(policyOf(controller.tickThread().nativeId())).isZero();
    }

    private TrafficController started(int priority, String chrt) throws Exception {
        TrafficController c = new TrafficController(config("t-junction.yaml", "actuated", "", 100, priority, ""),
                EXAMPLES.toString(), sink, wall, () -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime()), chrt);
        IntersectionDefinition def = new IntersectionLoader().load(EXAMPLES.resolve("t-junction.yaml"));
        Map<String, FakeOutput> outputs = new LinkedHashMap<>();
        for (String id : IntersectionRunner.outputsOf(def)) {
            outputs.put(id, new FakeOutput(id));
        }
        outputs.values().forEach(o -> c.addOutput(o, Map.of(DigitalOutput.OUTPUT_ID, o.id())));
        return c;
    }

    /** Steps run on the real monotonic clock by the tick thread itself. */
    private void awaitSteps(long steps) {
        await().atMost(Duration.ofSeconds(20)).until(() -> controller.health().get("steps") instanceof Long n
                && n >= steps);
    }

    private IntersectionRunner runnerOn(RunnerFixture fixture) {
        return new IntersectionRunner(fixture.def, ControlMode.ACTUATED, null, fixture.bank, fixture.inputBank,
                new TrafficEvents(sink, wall, ClockQuality.UNSYNCHRONISED),
                new SpatPublisher(fixture.listeners, fixture.spatSink, ClockQuality.UNSYNCHRONISED), wall,
                monotonic::get);
    }

    /** Runs the runner for this many 100 ms steps of both clocks, as the tick thread would. */
    private void runFor(IntersectionRunner runner, int steps) {
        for (int i = 0; i < steps; i++) {
            runner.runDue();
            monotonic.addAndGet(IntersectionRunner.STEP_MILLIS);
            wall.advanceMillis(IntersectionRunner.STEP_MILLIS);
        }
        runner.runDue();
    }

    private static long steps(IntersectionRunner runner) {
        return (Long) runner.health().get("steps");
    }

    /** @return the kernel's scheduling policy of a task of this process: 0 normal, 1 SCHED_FIFO */
    private static int policyOf(long tid) throws Exception {
        assertThat(tid).as("the tick thread's task id").isPositive();
        for (String line : Files.readAllLines(Path.of("/proc/self/task/" + tid + "/sched"))) {
            if (line.startsWith("policy")) {
                return Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new AssertionError("no policy line in /proc/self/task/" + tid + "/sched");
    }
}
