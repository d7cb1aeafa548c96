package io.cityhub.traffic.internal;

import static io.cityhub.traffic.internal.Configs.config;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cityhub.api.output.DigitalOutput;
import io.cityhub.traffic.definition.IntersectionDefinition;
import io.cityhub.traffic.definition.IntersectionLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrafficControllerTest {

    private static final Path EXAMPLES = Path.of("../../intersections").toAbsolutePath().normalize();

    private final ManualClock clock = new ManualClock();
    private final RecordingSink sink = new RecordingSink();
    private final Map<String, FakeOutput> outputs = new LinkedHashMap<>();
    private TrafficController controller;

    @BeforeEach
    void setUp() throws Exception {
        IntersectionDefinition def = new IntersectionLoader().load(EXAMPLES.resolve("t-junction.yaml"));
        for (String id : IntersectionRunner.outputsOf(def)) {
            outputs.put(id, new FakeOutput(id));
        }
    }

    @AfterEach
    void tearDown() {
        if (controller != null) {
            controller.deactivate();
        }
    }

    private void start(String reset) {
        controller = new TrafficController(config("t-junction.yaml", "fixed-time", "day", 10, reset),
                EXAMPLES.toString(), sink, clock);
        outputs.values().forEach(o -> controller.addOutput(o, Map.of(DigitalOutput.OUTPUT_ID, o.id())));
    }

    /** Moves the clock a step at a time until the tick thread has run the intersection to {@code steps}. */
    private void runUntil(long steps) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Object done = controller.health().get("steps");
            if (done instanceof Long n && n >= steps) {
                return true;
            }
            clock.advance(IntersectionRunner.STEP_MILLIS);
            return false;
        });
    }

    @Test
    void runsTheIntersectionOnItsTickThreadAndReportsHealth() {
        start("");

        runUntil(100);

        Map<String, Object> health = controller.health();
        assertEquals("fixed-time:day", health.get("mode"), health.toString());
        assertEquals("", health.get("missingOutputs"));
        assertEquals(EXAMPLES.resolve("t-junction.yaml").toString(), health.get("definition"));
        assertEquals("traffic-t-junction", controller.healthSection());
        assertTrue(outputs.values().stream().anyMatch(FakeOutput::level));
    }

    @Test
    void aChangedOperatorResetClearsALatchedFault() {
        start("");
        runUntil(100);
        outputs.get("me.red").refuse();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            clock.advance(IntersectionRunner.STEP_MILLIS);
            return "safe-state".equals(controller.health().get("mode"));
        });
        outputs.get("me.red").accept();

        controller.modified(config("t-junction.yaml", "fixed-time", "day", 10, "2026-11-30 J. Peeters"));

        runUntil(10);
        assertEquals("fixed-time:day", controller.health().get("mode"));
        assertEquals("", controller.health().get("outputFault"));
        assertTrue(
                sink.values(TrafficEvents.MODE).contains("operator-reset"),
                sink.values(TrafficEvents.MODE).toString());
    }

    @Test
    void anUnknownPlanFailsActivationNamingThePlans() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TrafficController(
                config("t-junction.yaml", "fixed-time", "night", 100, ""), EXAMPLES.toString(), sink, clock));
        assertTrue(e.getMessage().startsWith("io.cityhub.traffic.TrafficController: attribute 'plan' has invalid"
                + " value 'night'; expected the name of a plan in "), e.getMessage());
        assertTrue(e.getMessage().endsWith("[day]"), e.getMessage());
    }

    @Test
    void anInvalidDefinitionFailsActivationWithTheLoadErrors(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), "name: bad\ngroups: []\n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TrafficController(
                config("bad.yaml", "actuated", "", 100, ""), dir.toString(), sink, clock));

        assertTrue(e.getMessage().startsWith("io.cityhub.traffic.TrafficController: attribute 'definition.file' has"
                + " invalid value '" + dir.resolve("bad.yaml") + "'; expected a readable, valid intersection"
                + " definition ("), e.getMessage());
    }

    @Test
    void aMissingDefinitionFailsActivation(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TrafficController(
                config("nowhere.yaml", "actuated", "", 100, ""), dir.toString(), sink, clock));
        assertTrue(e.getMessage().contains("'definition.file' has invalid value '" + dir.resolve("nowhere.yaml")
                + "'; expected a readable, valid intersection definition (cannot read it: NoSuchFileException)"),
                e.getMessage());
    }
}
