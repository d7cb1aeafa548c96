package io.cityhub.traffic.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.traffic.definition.DefinitionException;
import io.cityhub.traffic.definition.IntersectionDefinition;
import io.cityhub.traffic.definition.IntersectionLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The monitor fed with hand-made lamp levels (no controller involved): groups A and B (vehicles, amber 3 s, IG
 * A→B 5 s, B→A 4 s) and pedestrian P (conflicts with A; IG A→P 5 s, P→A 2 s).
 */
class ConflictMonitorTest {

    private static final String YAML = """
            name: monitor-test
            groups:
              - {name: A, kind: vehicle, red: a.r, amber: a.a, green: a.g, amber_s: 3.0, min_green_s: 5.0,
                 min_red_s: 2.0}
              - {name: B, kind: vehicle, red: b.r, amber: b.a, green: b.g, amber_s: 3.0, min_green_s: 4.0,
                 min_red_s: 2.0}
              - {name: P, kind: pedestrian, red: p.r, green: p.g, min_green_s: 5.0, flashing_green_s: 4.0,
                 crossing_length_m: 9.6, min_red_s: 1.0}
            conflicts: {A: [B, P], B: [A], P: [A]}
            intergreen: {A: {B: 50, P: 50}, B: {A: 40}, P: {A: 20}}
            stages: [{name: sa, groups: [A]}, {name: sb, groups: [B, P]}]
            """;

    private final List<Violation> reported = new ArrayList<>();
    private final ConflictMonitor monitor;

    ConflictMonitorTest() throws DefinitionException {
        IntersectionDefinition def = new IntersectionLoader().parse(YAML, "monitor-test");
        monitor = new ConflictMonitor(def, 5, reported::add);
    }

    /** Lamps for A, B, P: R, A, G or D (dark) each, e.g. "GRR". */
    private static Map<String, Boolean> lamps(String abp) {
        Map<String, Boolean> m = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            String p = "abp".substring(i, i + 1);
            char c = abp.charAt(i);
            m.put(p + ".r", c == 'R');
            if (i < 2) {
                m.put(p + ".a", c == 'A');
            }
            m.put(p + ".g", c == 'G');
        }
        return m;
    }

    private Map<String, Boolean> show(String abp, int ticks) {
        Map<String, Boolean> out = null;
        for (int i = 0; i < ticks; i++) {
            out = monitor.check(lamps(abp), Map.of());
        }
        return out;
    }

    private void assertTrippedWith(Violation.Kind kind, String detail) {
        assertThat(monitor.tripped()).isTrue();
        assertThat(reported).singleElement().satisfies(v -> {
            assertThat(v.kind()).isEqualTo(kind);
            assertThat(v.detail()).contains(detail);
        });
    }

    private static void assertFlashingAmber(Map<String, Boolean> out) {
        assertThat(out).containsEntry("a.r", false).containsEntry("a.g", false).containsEntry("b.r", false)
                .containsEntry("b.g", false).containsEntry("p.r", false).containsEntry("p.g", false);
    }

    @Test
    void conflictingGreensFlashAmberInTheSameTickAndLatchUntilReset() {
        show("RRR", 100);
        Map<String, Boolean> out = show("GGR", 1);

        assertTrippedWith(Violation.Kind.CONFLICT, "'A' and 'B' both show a go aspect");
        assertFlashingAmber(out);
        assertThat(out).containsEntry("a.a", true).containsEntry("b.a", true);
        // latched: lawful lamps still give flashing amber, which blinks
        Map<String, Boolean> later = show("RRR", 5);
        assertFlashingAmber(later);
        assertThat(later.get("a.a")).isFalse();
        assertThat(show("RRR", 200)).isNotEqualTo(lamps("RRR"));

        monitor.reset();
        assertThat(show("RRR", 1)).isEqualTo(lamps("RRR"));
        assertThat(monitor.tripped()).isFalse();
    }

    @Test
    void amberAgainstConflictingGreenIsAConflict() {
        show("RRR", 100);
        show("GRR", 60);
        show("AGR", 1);

        assertTrippedWith(Violation.Kind.CONFLICT, "'A' and 'B'");
    }

    @Test
    void greenBeforeTheIntergreenElapsedTrips() {
        show("RRR", 100);
        show("GRR", 60);
        show("ARR", 30);
        show("RRR", 19);
        show("RGR", 1);

        assertTrippedWith(
                Violation.Kind.INTERGREEN, "'B' started green 49 ticks after the green of 'A' ended; intergreen is 50");
    }

    @Test
    void greenExactlyAtTheIntergreenPasses() {
        show("RRR", 100);
        show("GRR", 60);
        show("ARR", 30);
        show("RRR", 20);
        show("RGG", 50);
        show("RAG", 30);

        assertThat(monitor.tripped()).isFalse();
    }

    @Test
    void shortAmberTrips() {
        show("RRR", 100);
        show("GRR", 60);
        show("ARR", 29);
        show("RRR", 1);

        assertTrippedWith(Violation.Kind.SHORT_AMBER, "group 'A' amber lasted 29 ticks; configured 30");
    }

    @Test
    void greenStraightToRedTrips() {
        show("RRR", 100);
        show("GRR", 60);
        show("RRR", 1);

        assertTrippedWith(Violation.Kind.GREEN_TO_RED, "group 'A' went from green to red without amber");
    }

    @Test
    void darkVehicleHeadOutsideFlashIsMissingRed() {
        show("RRR", 100);
        show("GDR", 1);

        assertTrippedWith(Violation.Kind.MISSING_RED, "group 'B' shows no lamp");
    }

    @Test
    void dualIndicationTrips() {
        show("RRR", 100);
        Map<String, Boolean> m = lamps("RRR");
        m.put("b.g", true);
        monitor.check(m, Map.of());

        assertTrippedWith(Violation.Kind.DUAL_INDICATION, "group 'B' lit red=true amber=false green=true");
    }

    @Test
    void pedestrianFlashingGreenMayBeDarkForHalfAPeriodOnly() {
        show("RRR", 100);
        show("RRG", 50);
        for (int i = 0; i < 4; i++) {
            show("RRD", 5);
            show("RRG", 5);
        }
        show("RRR", 20);
        show("GRR", 10);
        show("ARR", 30);
        assertThat(monitor.tripped()).isFalse();

        show("RRR", 100);
        show("RRD", 1);
        assertTrippedWith(Violation.Kind.MISSING_RED, "group 'P'");
    }

    @Test
    void pedestrianIntergreenCountsFromTheEndOfFlashingGreen() {
        show("RRR", 100);
        show("RRG", 50);
        show("RRD", 5);
        show("RRR", 19);
        show("GRR", 1);

        assertTrippedWith(
                Violation.Kind.INTERGREEN, "'A' started green 19 ticks after the green of 'P' ended; intergreen is 20");
    }

    @Test
    void flashingOperationIsNotCheckedAndLeavingItCountsAsEveryGreenEnd() {
        for (int i = 0; i < 10; i++) {
            show("AAD", 5);
            show("DDD", 5);
        }
        assertThat(monitor.tripped()).isFalse();
        show("RRR", 39);
        show("GRR", 1);

        assertTrippedWith(
                Violation.Kind.INTERGREEN, "'A' started green 39 ticks after the green of 'B' ended; intergreen is 40");
    }

    @Test
    void feedbackDisagreeingLongerThanTheToleranceTrips() {
        show("RRR", 10);
        Map<String, Boolean> lampStuckOff = Map.of("a.r", false);
        monitor.check(lamps("RRR"), lampStuckOff);
        monitor.check(lamps("RRR"), lampStuckOff);
        monitor.check(lamps("RRR"), Map.of("a.r", true));
        monitor.check(lamps("RRR"), lampStuckOff);
        monitor.check(lamps("RRR"), lampStuckOff);
        assertThat(monitor.tripped()).isFalse();

        Map<String, Boolean> out = monitor.check(lamps("RRR"), lampStuckOff);

        assertTrippedWith(Violation.Kind.FEEDBACK, "output 'a.r' commanded on but sensed off for 3 ticks");
        assertFlashingAmber(out);
    }

    @Test
    void sharesNoCodeWithTheController() throws IOException {
        Path sources = Path.of("src/main/java/io/cityhub/traffic/monitor");
        try (Stream<Path> files = Files.list(sources)) {
            for (Path f : files.toList()) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain("io.cityhub.traffic.control");
            }
        }
    }
}
