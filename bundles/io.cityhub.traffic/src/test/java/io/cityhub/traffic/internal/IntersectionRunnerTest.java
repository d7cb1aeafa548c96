package io.cityhub.traffic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Priority;
import io.cityhub.api.traffic.SignalTimingListener;
import io.cityhub.traffic.control.ControlMode;
import io.cityhub.traffic.definition.IntersectionDefinition;
import io.cityhub.traffic.definition.IntersectionLoader;
import io.cityhub.traffic.definition.SignalGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IntersectionRunnerTest {

    private final ManualClock clock = new ManualClock();
    private final RecordingSink sink = new RecordingSink();
    private final OutputBank bank = new OutputBank();
    private final Map<String, FakeOutput> outputs = new LinkedHashMap<>();
    private final InputBank inputBank = new InputBank();
    private final Map<String, FakeInput> inputs = new LinkedHashMap<>();
    private final RecordingSink spatSink = new RecordingSink();
    private final List<SignalTimingListener> timingListeners = SpatPublisher.listenerList();
    private IntersectionDefinition def;
    private IntersectionRunner runner;

    @BeforeEach
    void setUp() throws Exception {
        def = new IntersectionLoader().load(Path.of("../../intersections/t-junction.yaml").toAbsolutePath());
        for (String id : IntersectionRunner.outputsOf(def)) {
            FakeOutput o = new FakeOutput(id);
            outputs.put(id, o);
            bank.add(id, o);
        }
        for (String id : IntersectionRunner.inputsOf(def)) {
            FakeInput i = new FakeInput(id);
            inputs.put(id, i);
            inputBank.add(id, i);
        }
        runner = new IntersectionRunner(def, ControlMode.ACTUATED, null, bank, inputBank,
                new TrafficEvents(sink, clock, ClockQuality.UNSYNCHRONISED),
                new SpatPublisher(timingListeners, spatSink, ClockQuality.UNSYNCHRONISED), clock);
    }

    /** What the street shows after one step. */
    private enum Picture { FLASH, ALL_RED, GO, OTHER, DARK }

    private Picture picture() {
        boolean anyGreen = false;
        boolean anyAmber = false;
        boolean allRed = true;
        boolean anyRed = false;
        for (SignalGroup g : def.groups()) {
            anyGreen |= outputs.get(g.greenOutput()).level();
            anyAmber |= g.amberOutput() != null && outputs.get(g.amberOutput()).level();
            boolean red = outputs.get(g.redOutput()).level();
            allRed &= red;
            anyRed |= red;
        }
        if (anyGreen) {
            return Picture.GO;
        }
        if (!anyRed) {
            return anyAmber ? Picture.FLASH : Picture.DARK;
        }
        return allRed && !anyAmber ? Picture.ALL_RED : Picture.OTHER;
    }

    /** Runs n steps of 100 ms and returns the pictures, consecutive repeats (and flashing's dark halves) merged. */
    private List<Picture> run(int steps) {
        List<Picture> seen = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            runner.runDue();
            clock.advance(IntersectionRunner.STEP_MILLIS);
            Picture p = picture();
            if (p == Picture.DARK && !seen.isEmpty() && seen.get(seen.size() - 1) == Picture.FLASH) {
                p = Picture.FLASH;
            }
            if (seen.isEmpty() || seen.get(seen.size() - 1) != p) {
                seen.add(p);
            }
        }
        return seen;
    }

    private boolean anyOutputOn() {
        return outputs.values().stream().anyMatch(FakeOutput::level);
    }

    @Test
    void startsWithFlashingAmberThenAllRedThenTheFirstStage() {
        List<Picture> seen = run(120);

        assertEquals(List.of(Picture.FLASH, Picture.ALL_RED, Picture.GO), seen.subList(0, 3), seen.toString());
        assertEquals(List.of("actuated"), sink.values(TrafficEvents.MODE));
        assertTrue(sink.readings.stream().allMatch(r -> r.priority() == Priority.SAFETY));
        assertEquals("traffic/t-junction", sink.readings.get(0).sensorId());
    }

    @Test
    void runsOneStepPerHundredMillisecondsOfClockWhateverTheWakeUps() {
        runner.runDue();
        runner.runDue();
        assertEquals(1L, runner.health().get("steps"));
        clock.advance(350);
        runner.runDue();
        assertEquals(4L, runner.health().get("steps"));
        clock.advance(60_000);
        runner.runDue();
        assertEquals(4L + IntersectionRunner.MAX_CATCH_UP, runner.health().get("steps"));
        assertEquals(600L - IntersectionRunner.MAX_CATCH_UP, runner.health().get("skippedSteps"));
    }

    @Test
    void anOutputThatRefusesLatchesTheSafeStateUntilReset() {
        run(120);
        assertEquals(Picture.GO, picture());
        outputs.get("me.green").refuse();

        run(20);

        assertTrue(outputs.get("me.green").level(), "the refusing output keeps what it had");
        assertTrue(outputs.entrySet().stream().filter(e -> !e.getKey().equals("me.green"))
                .noneMatch(e -> e.getValue().level()), "every other output at its safe level (off)");
        assertFalse(outputs.get("tj.heartbeat").level(), "the heartbeat stopped: the watchdog forces flashing amber");
        assertEquals("safe-state", runner.mode());
        assertEquals(1, sink.values(TrafficEvents.OUTPUT_FAULT).size());
        assertTrue(sink.values(TrafficEvents.OUTPUT_FAULT).get(0).contains("me.green"));
        assertEquals(List.of("actuated", "safe-state"), sink.values(TrafficEvents.MODE));

        outputs.get("me.green").accept();
        run(100);
        assertFalse(anyOutputOn(), "latched: a working output again does not restart the intersection");

        runner.reset();
        List<Picture> after = run(120);
        assertEquals(List.of(Picture.FLASH, Picture.ALL_RED, Picture.GO), after.subList(0, 3), after.toString());
        assertEquals(List.of("actuated", "safe-state", "operator-reset", "actuated"), sink.values(TrafficEvents.MODE));
    }

    @Test
    void aMissingOutputKeepsTheIntersectionSafeAndSaysSoInHealth() {
        bank.remove("ss.green", outputs.get("ss.green"));

        List<Picture> seen = run(200);

        assertEquals(List.of(Picture.DARK), seen);
        assertEquals("ss.green", runner.health().get("missingOutputs"));
        assertEquals("safe-state", runner.health().get("mode"));
        assertFalse(runner.health().containsKey("steps"), "the controller has not started");

        bank.add("ss.green", outputs.get("ss.green"));
        List<Picture> after = run(120);
        assertEquals(List.of(Picture.FLASH, Picture.ALL_RED, Picture.GO), after.subList(0, 3), after.toString());
    }

    @Test
    void anOutputGoneWhileRunningLatchesTheSafeState() {
        run(120);
        bank.remove("me.red", outputs.get("me.red"));

        run(10);

        assertFalse(anyOutputOn());
        assertEquals(List.of("me.red: output service went away"), sink.values(TrafficEvents.OUTPUT_FAULT));
    }

    @Test
    void aMonitorTripIsReportedAsASafetyReadingAndFlashesAmber() {
        outputs.get("me.green").stickFeedback(false);

        List<Picture> seen = run(200);

        assertEquals(Picture.FLASH, seen.get(seen.size() - 1), seen.toString());
        List<String> trips = sink.values(TrafficEvents.MONITOR_TRIP);
        assertEquals(1, trips.size());
        assertTrue(trips.get(0).startsWith("FEEDBACK: ") && trips.get(0).contains("me.green"), trips.get(0));
        assertTrue(sink.values(TrafficEvents.MODE).contains("flashing-amber"));
        assertEquals(true, runner.health().get("monitorTripped"));
        assertTrue(sink.readings.stream().allMatch(r -> r.priority() == Priority.SAFETY));
    }

    @Test
    void aDetectorFaultIsReported() {
        run(5);
        inputs.get("det.side").set(true);

        run(3005);

        assertEquals(1, sink.values(TrafficEvents.DETECTOR_FAULT).size());
        assertTrue(
                sink.values(TrafficEvents.DETECTOR_FAULT).get(0).startsWith("loop-side: occupied longer than 300.0 s"));
        assertEquals("loop-side", runner.health().get("failedDetectors"));
    }

    @Test
    void anUnexpectedTickErrorLatchesTheSafeState() {
        run(120);

        runner.fail("tick failed: java.lang.IllegalStateException: bug");
        run(50);

        assertFalse(anyOutputOn());
        assertEquals(List.of("tick failed: java.lang.IllegalStateException: bug"),
                sink.values(TrafficEvents.OUTPUT_FAULT));
    }

    @Test
    void needsEveryLampAcknowledgementAndTheHeartbeat() {
        Set<String> ids = IntersectionRunner.outputsOf(def);
        assertTrue(
                ids.containsAll(List.of("me.red", "me.amber", "me.green", "ps.ack", "tj.heartbeat")), ids.toString());
    }
}
