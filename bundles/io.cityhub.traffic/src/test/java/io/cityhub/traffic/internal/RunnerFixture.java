package io.cityhub.traffic.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.traffic.SignalTiming;
import io.cityhub.api.traffic.SignalTimingListener;
import io.cityhub.testing.MutableClock;
import io.cityhub.traffic.control.ControlMode;
import io.cityhub.traffic.definition.FixedTimePlan;
import io.cityhub.traffic.definition.IntersectionDefinition;
import io.cityhub.traffic.definition.IntersectionLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** An intersection runner on a manual clock with in-memory outputs, inputs, ingest and a SPaT listener. */
final class RunnerFixture {

    final MutableClock clock = new MutableClock(Instant.ofEpochMilli(1_790_000_000_000L));
    final RecordingSink sink = new RecordingSink();
    final RecordingSink spatSink = new RecordingSink();
    final OutputBank bank = new OutputBank();
    final Map<String, FakeOutput> outputs = new LinkedHashMap<>();
    final InputBank inputBank = new InputBank();
    final Map<String, FakeInput> inputs = new LinkedHashMap<>();
    final List<SignalTimingListener> listeners = SpatPublisher.listenerList();
    /** Every published timing with the tenths (since the epoch) of the step that published it. */
    final List<Map.Entry<Long, SignalTiming>> published = new CopyOnWriteArrayList<>();
    final IntersectionDefinition def;
    final IntersectionRunner runner;

    RunnerFixture(String file, ControlMode mode, boolean withInputs) throws Exception {
        def = new IntersectionLoader().load(Path.of("../../intersections/" + file).toAbsolutePath());
        for (String id : IntersectionRunner.outputsOf(def)) {
            FakeOutput o = new FakeOutput(id);
            outputs.put(id, o);
            bank.add(id, o);
        }
        if (withInputs) {
            for (String id : IntersectionRunner.inputsOf(def)) {
                FakeInput i = new FakeInput(id);
                inputs.put(id, i);
                inputBank.add(id, i);
            }
        }
        FixedTimePlan plan = mode == ControlMode.FIXED_TIME ? def.plans().get(0) : null;
        listeners.add(t -> published.add(Map.entry(t.at().toEpochMilli() / 100, t)));
        runner = new IntersectionRunner(def, mode, plan, bank, inputBank,
                new TrafficEvents(sink, clock, ClockQuality.UNSYNCHRONISED),
                new SpatPublisher(listeners, spatSink, ClockQuality.UNSYNCHRONISED), clock);
    }

    /** Runs one due step, then moves the clock to the next. */
    void step() {
        runner.runDue();
        clock.advanceMillis(IntersectionRunner.STEP_MILLIS);
    }

    void run(int steps) {
        for (int i = 0; i < steps; i++) {
            step();
        }
    }

    boolean lit(String output) {
        return outputs.get(output).level();
    }

    /** Runs until the output is lit, at most max steps. @return the steps run, or -1 if it never lit */
    int runUntilLit(String output, int max) {
        for (int i = 1; i <= max; i++) {
            step();
            if (lit(output)) {
                return i;
            }
        }
        return -1;
    }
}
