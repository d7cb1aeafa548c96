package io.cityhub.traffic.control;

import static io.cityhub.traffic.control.SmallCrossing.A;
import static io.cityhub.traffic.control.SmallCrossing.B;
import static io.cityhub.traffic.control.SmallCrossing.P;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Worked examples on {@link SmallCrossing}; ticks are 100 ms, tick 0 is power-up. */
class SignalLogicTest {

    private static LogicRun actuated(String recallA, String recallB) {
        var def = SmallCrossing.load(recallA, recallB, "0");
        return new LogicRun(new SignalLogic(def, ControlMode.ACTUATED, null));
    }

    @Test
    void startsWithFlashingAmberThenAllRedThenFirstStageAfterItsIntergreens() {
        LogicRun run = actuated("none", "none").until(49);
        assertThat(run.aspect(A)).isEqualTo(Aspect.FLASHING_AMBER);
        assertThat(run.aspect(P)).isEqualTo(Aspect.DARK);

        run.until(89);
        assertThat(run.starts(A, Aspect.RED)).containsExactly(50);
        assertThat(run.starts(B, Aspect.RED)).containsExactly(50);
        assertThat(run.starts(P, Aspect.RED)).containsExactly(50);
        assertThat(run.aspect(A)).isEqualTo(Aspect.RED);

        // all-red 3 s ends at tick 80, but the flash counts as B's green end: IG B->A 4 s holds A to tick 90
        run.until(90);
        assertThat(run.starts(A, Aspect.GREEN)).containsExactly(90);
    }

    @Test
    void gapsOutOnceMinimumGreenIsServedWhenHeadwayExceedsPassageTime() {
        // SUMO worked example (notes §2.2): 4 s headways with a 3 s gap end the green once min green has elapsed
        LogicRun run = actuated("none", "none").until(99);
        run.input("in.b", true).until(100).input("in.b", false);
        for (int t = 130; t <= 400; t += 40) {
            run.until(t - 1);
            run.input("in.a", true).until(t).input("in.a", false);
        }
        assertThat(run.starts(A, Aspect.AMBER)).containsExactly(160);
        assertThat(run.starts(A, Aspect.RED)).containsExactly(50, 190);
        // B enters 5 s (IG A->B) after A's green ended
        assertThat(run.starts(B, Aspect.GREEN)).containsExactly(210);
    }

    @Test
    void extendsWhileActuationsComeWithinPassageTime() {
        LogicRun run = actuated("none", "none").until(99);
        run.input("in.b", true).until(100).input("in.b", false);
        for (int t = 110; t <= 200; t += 20) {
            run.until(t - 1);
            run.input("in.a", true).until(t).input("in.a", false);
        }
        run.until(400);

        // actuations every 2 s up to 190, passage 3 s: gap-out at 220, long after the minimum green (140)
        assertThat(run.starts(A, Aspect.AMBER)).containsExactly(220);
        assertThat(run.starts(A, Aspect.RED)).containsExactly(50, 250);
        assertThat(run.starts(B, Aspect.GREEN)).containsExactly(270);
    }

    @Test
    void maxesOutAtMaximumGreenCountedFromTheConflictingCall() {
        LogicRun run = actuated("none", "none").input("in.a", true).until(99);
        run.input("in.b", true).until(100).input("in.b", false).until(400);

        // the call at 100 starts A's 20 s max timer
        assertThat(run.starts(A, Aspect.AMBER)).containsExactly(300);
        assertThat(run.starts(B, Aspect.GREEN)).containsExactly(350);
    }

    @Test
    void restsInGreenWithoutConflictingDemandAndServesRecallAtMinimumGreen() {
        LogicRun run = actuated("none", "min").until(2000);

        // B on recall: A ends at its minimum green (no extensions), B then rests in green without demand for A
        assertThat(run.starts(A, Aspect.AMBER)).containsExactly(140);
        assertThat(run.starts(B, Aspect.GREEN)).containsExactly(190);
        assertThat(run.aspect(B)).isEqualTo(Aspect.GREEN);
        assertThat(run.starts(B, Aspect.AMBER)).isEmpty();
    }

    @Test
    void stuckDetectorIsReportedOnceAndPlacesAPermanentCall() {
        LogicRun run = actuated("min", "none").input("in.b", true).until(800);

        // dB occupied from tick 1: max presence 60 s exceeded at tick 601
        assertThat(run.faults).singleElement().extracting(DetectorProcessor.Fault::detector).isEqualTo("dB");
        run.input("in.b", false).until(6000);
        assertThat(run.faults).hasSize(1);
        // B keeps being called and extended after the input went quiet: each of its greens runs to max green
        var bGreens = run.starts(B, Aspect.GREEN);
        var bEnds = run.starts(B, Aspect.AMBER);
        assertThat(bGreens.size()).isGreaterThan(5);
        for (int i = 2; i < bEnds.size(); i++) {
            assertThat(bEnds.get(i) - bGreens.get(i)).isEqualTo(150);
        }
    }

    @Test
    void pedestrianRequestIsServedWithFullFlashingGreenBeforeTheConflictingGreen() {
        LogicRun run = actuated("none", "none").until(99);
        run.input("in.p", true).until(100).until(250).input("in.p", false).until(299);
        assertThat(run.starts(P, Aspect.GREEN)).containsExactly(190);

        run.input("in.a", true).until(300).input("in.a", false).until(500);

        assertThat(run.starts(P, Aspect.FLASHING_GREEN)).containsExactly(300);
        assertThat(run.starts(P, Aspect.RED)).containsExactly(50, 340);
        // B's IG to A ends at 340, P's (2 s after its flashing green) at 360
        assertThat(run.starts(A, Aspect.GREEN)).containsExactly(90, 360);
    }

    @Test
    void priorityTruncatesTheConflictingGreenOnlyAfterItsMinimumGreen() {
        LogicRun run = actuated("none", "none").input("in.a", true).until(94);
        run.input("in.tram", true).until(400);

        // A green since 90 with continuous extensions would max out at 20 s; the tram cuts it at min green 5 s
        assertThat(run.starts(A, Aspect.AMBER)).containsExactly(140);
        assertThat(run.starts(A, Aspect.RED)).containsExactly(50, 170);
        assertThat(run.starts(B, Aspect.GREEN)).containsExactly(190);
    }

    @Test
    void priorityExtendsTheGreenBeyondGapOutBoundedByMaxGreenPlusExtension() {
        LogicRun run = actuated("min", "none").until(99);
        run.input("in.b", true).until(100).input("in.b", false).until(200);
        int bGreen = run.starts(B, Aspect.GREEN).get(0);
        run.input("in.tram", true).until(2000);

        // A on recall calls at once; B's max timer runs from its green start; 15 s max + 10 s extension
        assertThat(run.starts(B, Aspect.AMBER).get(0) - bGreen).isEqualTo(250);
    }

    @Test
    void fixedTimeRunsSplitsAndLocksTheFirstStageToTheCycleAndOffset() {
        for (String offset : new String[] {"0", "5"}) {
            var def = SmallCrossing.load("none", "none", offset);
            LogicRun run = new LogicRun(new SignalLogic(def, ControlMode.FIXED_TIME, def.plan("fixed").orElseThrow()));
            run.until(6000);

            var aGreens = run.starts(A, Aspect.GREEN).stream().filter(t -> t > 1000).toList();
            assertThat(aGreens).hasSizeGreaterThan(8);
            int off = Integer.parseInt(offset) * 10;
            assertThat(aGreens).allSatisfy(t -> assertThat(Math.floorMod(t - off, 450)).isZero());
            var aEnds = run.starts(A, Aspect.AMBER);
            var bGreens = run.starts(B, Aspect.GREEN);
            var bEnds = run.starts(B, Aspect.AMBER);
            assertThat(aEnds).allSatisfy(t -> assertThat(run.starts(A, Aspect.GREEN)).contains(t - 200));
            assertThat(bEnds).allSatisfy(t -> assertThat(bGreens).contains(t - 100));
        }
    }

    @Test
    void aStageChangeIsNotHeldByAnEndingGroupThatDoesNotConflictWithTheCall() throws Exception {
        // E shares stage s1 with A but conflicts with nothing; W conflicts only with A. A call for W must start
        // E's maximum too, or a steady stream of vehicles on E would hold s1 and starve W.
        var def = new io.cityhub.traffic.definition.IntersectionLoader().parse("""
                name: non-conflicting-stage-mate
                groups:
                  - {name: A, kind: vehicle, red: a.r, amber: a.a, green: a.g, amber_s: 3.0, min_green_s: 5.0,
                     max_green_s: 20.0, min_red_s: 2.0}
                  - {name: E, kind: vehicle, red: e.r, amber: e.a, green: e.g, amber_s: 3.0, min_green_s: 5.0,
                     max_green_s: 30.0, min_red_s: 2.0}
                  - {name: W, kind: vehicle, red: w.r, amber: w.a, green: w.g, amber_s: 3.0, min_green_s: 5.0,
                     max_green_s: 20.0, min_red_s: 2.0}
                conflicts: {A: [W], W: [A]}
                intergreen: {A: {W: 40}, W: {A: 40}}
                stages: [{name: s1, groups: [A, E]}, {name: s2, groups: [W]}]
                detectors:
                  - {name: dE, input: in.e, type: loop, calls: [E], extends: [E]}
                  - {name: dW, input: in.w, type: loop, calls: [W], extends: [W]}
                """, "test");
        LogicRun run = new LogicRun(new SignalLogic(def, ControlMode.ACTUATED, null)).input("in.e", true).until(199);
        run.input("in.w", true).until(200).input("in.w", false).until(1000);

        // the call at 200 starts E's 30 s maximum: s1 ends at 500, W enters 4 s after A's green ended
        assertThat(run.starts(1, Aspect.AMBER)).containsExactly(500);
        assertThat(run.starts(2, Aspect.GREEN)).containsExactly(540);
    }
}
