package io.cityhub.traffic.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IntersectionLoaderTest {

    private final IntersectionLoader loader = new IntersectionLoader();
    private final String tJunction = Intersections.text("t-junction.yaml");

    private IntersectionDefinition parse(String yaml) throws DefinitionException {
        return loader.parse(yaml, "test.yaml");
    }

    private String problemsOf(String yaml) {
        try {
            parse(yaml);
        } catch (DefinitionException e) {
            return String.join("\n", e.problems());
        }
        throw new AssertionError("expected the definition to be rejected");
    }

    private String edit(String from, String to) {
        assertThat(tJunction).contains(from);
        return tJunction.replace(from, to);
    }

    @Test
    void loadsTheTJunctionWithItsMatrices() throws DefinitionException {
        IntersectionDefinition d = parse(tJunction);

        assertThat(d.name()).isEqualTo("t-junction");
        assertThat(d.groups()).extracting(SignalGroup::name)
                .containsExactly("main-east", "main-west", "side-south", "ped-side");
        int me = d.indexOf("main-east");
        int ss = d.indexOf("side-south");
        int mw = d.indexOf("main-west");
        assertThat(d.conflicts(me, ss)).isTrue();
        assertThat(d.conflicts(me, mw)).isFalse();
        assertThat(d.intergreen(mw, ss)).isEqualTo(60);
        assertThat(d.intergreen(me, mw)).isZero();
        assertThat(d.groups().get(ss).passage()).isEqualTo(25);
        assertThat(d.groups().get(d.indexOf("ped-side")).flashingGreen()).isEqualTo(40);
        assertThat(d.stages()).extracting(Stage::name).containsExactly("main", "side", "crossing");
        assertThat(d.detectors()).hasSize(4);
        assertThat(d.plan("day")).get().extracting(FixedTimePlan::cycle).isEqualTo(800);
        assertThat(d.heartbeatOutput()).isEqualTo("tj.heartbeat");
    }

    @Test
    void rejectsAsymmetricConflictMatrixNamingBothGroups() {
        String p = problemsOf(edit("main-east: [side-south]\n", "main-east: []\n"));

        assertThat(p)
                .contains("asymmetric: 'side-south' conflicts with 'main-east' but 'main-east' does not list"
                        + " 'side-south'");
    }

    @Test
    void rejectsConflictingPairWithoutIntergreen() {
        String p = problemsOf(edit("main-east: {side-south: 50}", "main-east: {}"));

        assertThat(p).contains("conflicting pair 'main-east' -> 'side-south' has no intergreen");
    }

    @Test
    void rejectsIntergreenForNonConflictingPair() {
        String p = problemsOf(edit("main-east: {side-south: 50}", "main-east: {side-south: 50, main-west: 40}"));

        assertThat(p).contains("intergreen main-east -> main-west: groups 'main-east' and 'main-west' do not conflict");
    }

    @Test
    void rejectsIntergreenShorterThanTheClearingAmber() {
        String p = problemsOf(edit("side-south: {main-east: 50,", "side-south: {main-east: 25,"));

        assertThat(p)
                .contains("intergreen side-south -> main-east: 25 tenths; expected at least the clearing group's amber"
                        + " (30 tenths)");
    }

    @Test
    void rejectsIntergreenBelowWhatTheClearanceGeometryGives() {
        // 3 + (12 + 6)/10 − 5/11.1 = 4.3495… s, rounded up to 5 s: 50 tenths is the least allowed value
        String p = problemsOf(edit("main-east: {side-south: 50}", "main-east: {side-south: 49}"));

        assertThat(p).contains("intergreen main-east -> side-south: 49 tenths is below the 50 tenths");
    }

    @Test
    void intergreenFormulaUsesExactArithmetic() throws DefinitionException {
        // 2.7 + (1.1 + 0.2)/0.3 − 0.1/3 is exactly 7 s; in binary floating point it is 7.000000000000001 and would
        // round up to 8 s and wrongly reject 70 tenths
        String geometry =
                "{crossing_time_s: 2.7, clearing_distance_m: 1.1, vehicle_length_m: 0.2, clearing_speed_mps: 0.3,\n"
                        + "                 entering_distance_m: 0.1, entering_speed_mps: 3}";
        String yaml = edit("main-west: {side-south: 60, ped-side: 50}", "main-west: {side-south: 70, ped-side: 50}")
                .replace("clearance:\n", "clearance:\n  main-west:\n    side-south: " + geometry + "\n");
        assertThat(Math.ceil(2.7 + (1.1 + 0.2) / 0.3 - 0.1 / 3)).isEqualTo(8.0);

        IntersectionDefinition d = parse(yaml);

        assertThat(d.intergreen(d.indexOf("main-west"), d.indexOf("side-south"))).isEqualTo(70);
        assertThat(problemsOf(yaml.replace("main-west: {side-south: 70,", "main-west: {side-south: 69,")))
                .contains("intergreen main-west -> side-south: 69 tenths is below the 70 tenths");
    }

    @Test
    void rejectsVehicleAmberBelowThreeSeconds() {
        String p = problemsOf(edit("amber: ss.amber, green: ss.green,\n     amber_s: 3.0",
                "amber: ss.amber, green: ss.green,\n     amber_s: 2.9"));

        assertThat(p).contains("group 'side-south' amber 2.9 s; expected at least 3.0 s");
    }

    @Test
    void rejectsPedestrianGreenTooShortForTheCrossing() {
        // (4.0 + 4.0) s · 1.2 m/s = 9.6 m < 9.7 m
        String p = problemsOf(edit("min_green_s: 5.0, flashing_green_s: 4.0, crossing_length_m: 7.5",
                "min_green_s: 4.0, flashing_green_s: 4.0, crossing_length_m: 9.7"));

        assertThat(p)
                .contains("group 'ped-side' green 4.0 s + flashing green 4.0 s lets a pedestrian walk 9.6 m at 1.2 m/s;"
                        + " expected at least the crossing length 9.7 m");
    }

    @Test
    void acceptsPedestrianGreenExactlyLongEnough() throws DefinitionException {
        IntersectionDefinition d = parse(edit("crossing_length_m: 7.5", "crossing_length_m: 10.8"));

        assertThat(d.groups().get(d.indexOf("ped-side")).crossingLength()).isEqualByComparingTo("10.8");
    }

    @Test
    void rejectsConflictingGroupsInOneStage() {
        String p =
                problemsOf(edit("{name: side, groups: [side-south]}", "{name: side, groups: [side-south, main-east]}"));

        assertThat(p).contains("stage 'side' holds conflicting groups 'main-east' and 'side-south'");
    }

    @Test
    void rejectsGroupInNoStage() {
        String p = problemsOf(edit("{name: side, groups: [side-south]}", "{name: side, groups: [main-west]}"));

        assertThat(p).contains("group 'side-south' is in no stage");
    }

    @Test
    void rejectsMaxGreenBelowMinGreenAndBadNumbers() {
        String p = problemsOf(edit("min_green_s: 5.0, max_green_s: 25.0, min_red_s: 2.0, passage_s: 2.5",
                "min_green_s: 5.0, max_green_s: 4.0, min_red_s: 2.05, passage_s: fast"));

        assertThat(p).contains("group 'side-south' maximum green 4.0 s is below its minimum green 5.0 s")
                .contains("'min_red_s' has invalid value '2.05'; expected seconds >= 0 with at most one decimal")
                .contains("'passage_s' has invalid value 'fast'");
    }

    @Test
    void rejectsUnknownGroupsAndDuplicateInputs() {
        String p = problemsOf(edit("calls: [ped-side], ack_output: ps.ack", "calls: [ped-west], ack_output: ps.ack")
                .replace("input: det.main-west", "input: det.main-east"));

        assertThat(p).contains("unknown group 'ped-west'").contains("input 'det.main-east' is used twice");
    }

    @Test
    void rejectsOneOutputWiredToTwoLamps() {
        String p = problemsOf(edit("green: mw.green", "green: me.green"));

        assertThat(p).contains("groups[main-west]: output 'me.green' is wired to two lamps");
    }

    @Test
    void rejectsPlanWhoseCycleCannotHoldSplitsAndIntergreens() {
        // 30 + 15 + 10 s of splits + 6 + 5 + 6 s of stage changes = 72 s
        String p = problemsOf(edit("cycle_s: 80", "cycle_s: 71.9"));

        assertThat(p).contains("plan 'day' cycle 71.9 s; expected at least 72.0 s");
    }

    @Test
    void rejectsPlanSplitBelowMinimumGreen() {
        String p = problemsOf(edit("side: 15", "side: 4.5"));

        assertThat(p)
                .contains("plan 'day' split of stage 'side' 4.5 s is below the minimum green of its groups, 5.0 s");
    }

    @Test
    void aYamlSyntaxErrorNamesLineAndColumnOnOneLine() {
        assertThatThrownBy(() -> parse("name: x\ngroups:\n  - {name: [a, b\n  - c\n")).isInstanceOf(
                DefinitionException.class)
                .hasMessageMatching("test\\.yaml: invalid intersection definition: not valid YAML: "
                        + "line [45], column \\d+: .*\\(while parsing a flow sequence at line 3, column 12\\)")
                .hasMessageNotContaining("\n");
    }

    @Test
    void rejectsMalformedYaml() {
        assertThatThrownBy(() -> parse("groups: [unclosed")).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("test.yaml: invalid intersection definition: not valid YAML");
        assertThatThrownBy(() -> parse("- a list")).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("expected a mapping at the top level");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        String yaml = edit("main-east: [side-south]\n", "main-east: []\n")
                .replace(
                        "amber_s: 3.0, min_green_s: 6.0, max_green_s: 40.0, min_red_s: 2.0, passage_s: 3.0, recall:"
                                + " min}\n"
                                + "  - {name: main-west",
                        "amber_s: 2.0, min_green_s: 6.0, max_green_s: 40.0, min_red_s: 2.0, passage_s: 3.0, recall:"
                                + " min}\n"
                                + "  - {name: main-west");

        try {
            parse(yaml);
            throw new AssertionError("expected rejection");
        } catch (DefinitionException e) {
            assertThat(e.problems()).hasSize(1).first().asString().contains("main-east' amber 2.0 s");
        }
    }
}
