package io.cityhub.traffic.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.Priority;
import io.cityhub.traffic.control.ControlMode;
import io.cityhub.traffic.definition.PriorityInput;
import org.junit.jupiter.api.Test;

/** Detectors, push buttons and priority inputs arriving as {@code DigitalInput} services, and their faults. */
class IntersectionRunnerInputTest {

    /** Start-up flash 5 s + all red 3 s of the t-junction, plus a little. */
    private static final int AFTER_STARTUP = 120;

    @Test
    void aVehicleOnTheSideRoadLoopCallsTheSideRoadGreen() throws Exception {
        RunnerFixture f = new RunnerFixture("t-junction.yaml", ControlMode.ACTUATED, true);
        f.run(AFTER_STARTUP);
        assertThat(f.runUntilLit("ss.green", 600)).as("no call: the main road rests in green").isEqualTo(-1);

        f.inputs.get("det.side").pulse();

        assertThat(f.runUntilLit("ss.green", 600)).as("a vehicle shorter than a step still calls").isPositive();
        assertThat(f.sink.values(TrafficEvents.DETECTOR_FAULT)).isEmpty();
    }

    @Test
    void aButtonPressShorterThanAStepRequestsThePedestrianGreenAndLightsTheAcknowledgement() throws Exception {
        RunnerFixture f = new RunnerFixture("t-junction.yaml", ControlMode.ACTUATED, true);
        f.run(AFTER_STARTUP);
        assertThat(f.lit("ps.ack")).isFalse();
        assertThat(f.runUntilLit("ps.green", 600)).as("no request, no pedestrian green").isEqualTo(-1);

        f.inputs.get("btn.side").pulse();
        f.step();

        assertThat(f.lit("ps.ack")).as("request acknowledged").isTrue();
        assertThat(f.runUntilLit("ps.green", 1200)).isPositive();
        assertThat(f.lit("ps.ack")).as("acknowledgement off once served").isFalse();
    }

    @Test
    void anInputMissingAfterStartUpIsADetectorFaultWithAPermanentCall() throws Exception {
        RunnerFixture f = new RunnerFixture("t-junction.yaml", ControlMode.ACTUATED, true);
        FakeInput loop = f.inputs.get("det.side");
        f.inputBank.remove("det.side", loop);
        assertThat(loop.listeners()).as("listener removed with the service").isZero();

        f.run(AFTER_STARTUP);

        assertThat(f.sink.values(TrafficEvents.DETECTOR_FAULT))
                .containsExactly("loop-side: input det.side: input service missing; permanent call");
        assertThat(f.sink.readings).filteredOn(r -> r.channel().equals(TrafficEvents.DETECTOR_FAULT))
                .allMatch(r -> r.priority() == Priority.SAFETY);
        assertThat(f.runner.health()).containsEntry("faultedInputs", "det.side")
                .containsEntry("failedDetectors", "loop-side");
        assertThat(f.runUntilLit("ss.green", 600)).as("the side road is served without any vehicle").isPositive();

        f.inputBank.add("det.side", loop);
        f.run(600);
        assertThat(f.sink.values(TrafficEvents.DETECTOR_FAULT)).as("reported once, latched").hasSize(1);
        assertThat(f.runner.health()).containsEntry("failedDetectors", "loop-side");

        f.runner.reset();
        f.run(AFTER_STARTUP);
        assertThat(f.runner.health()).containsEntry("faultedInputs", "").containsEntry("failedDetectors", "");
    }

    @Test
    void anInputArrivingDuringTheStartUpSequenceIsNoFault() throws Exception {
        RunnerFixture f = new RunnerFixture("t-junction.yaml", ControlMode.ACTUATED, true);
        FakeInput loop = f.inputs.get("det.side");
        f.inputBank.remove("det.side", loop);
        f.run(40);

        f.inputBank.add("det.side", loop);
        f.run(600);

        assertThat(f.sink.values(TrafficEvents.DETECTOR_FAULT)).isEmpty();
    }

    @Test
    void aFaultingInputIsADetectorFault() throws Exception {
        RunnerFixture f = new RunnerFixture("t-junction.yaml", ControlMode.ACTUATED, true);
        f.run(AFTER_STARTUP);

        f.inputs.get("det.side").fail("line error on BCM 5");
        f.run(2);

        assertThat(f.sink.values(TrafficEvents.DETECTOR_FAULT))
                .containsExactly("loop-side: input det.side: line error on BCM 5; permanent call");
        assertThat(f.runUntilLit("ss.green", 600)).isPositive();
    }

    @Test
    void aMissingPriorityInputIsReportedAndRequestsNothing() throws Exception {
        RunnerFixture f = new RunnerFixture("four-arm-crossing.yaml", ControlMode.ACTUATED, true);
        PriorityInput tram = f.def.priorityInputs().get(0);
        f.inputBank.remove(tram.input(), f.inputs.get(tram.input()));

        f.run(200);

        assertThat(f.sink.values(TrafficEvents.DETECTOR_FAULT)).containsExactly(tram.name() + ": input "
                + tram.input() + ": input service missing; priority requests ignored");
        assertThat(f.runner.health()).containsEntry("failedDetectors", "");
    }
}
