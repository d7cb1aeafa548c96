package io.cityhub.traffic.internal;

import static io.cityhub.traffic.internal.Configs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cityhub.traffic.control.ControlMode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TrafficOptionsTest {

    private static final String PREFIX = "io.cityhub.traffic.TrafficController: attribute ";

    private static String error(TrafficControllerConfig config, String dataDir) {
        return assertThrows(IllegalArgumentException.class, () -> TrafficOptions.from(config, dataDir)).getMessage();
    }

    @Test
    void aRelativeDefinitionResolvesAgainstTheDataDirectory() {
        TrafficOptions o = TrafficOptions.from(config("intersections/t.yaml", "actuated", "", 100, ""), "/var/cityhub");
        assertEquals(Path.of("/var/cityhub/intersections/t.yaml"), o.definitionFile());
        assertEquals(ControlMode.ACTUATED, o.mode());
    }

    @Test
    void withoutADataDirectoryOnlyAbsolutePathsAreTaken() {
        assertEquals(Path.of("/etc/t.yaml"),
                TrafficOptions.from(config("/etc/t.yaml", "actuated", "", 100, ""), null).definitionFile());
        assertEquals(PREFIX + "'definition.file' has invalid value 'intersections/t.yaml'; expected an absolute path"
                + " (the framework property cityhub.data.dir is not set)",
                error(config("intersections/t.yaml", "actuated", "", 100, ""), null));
    }

    @Test
    void anEmptyDefinitionIsRejected() {
        assertEquals(
                PREFIX + "'definition.file' has invalid value ''; expected the path of an intersection definition"
                        + " file, absolute or relative to cityhub.data.dir",
                error(config("  ", "actuated", "", 100, ""), "/d"));
    }

    @Test
    void anUnknownModeIsRejected() {
        assertEquals(PREFIX + "'mode' has invalid value 'adaptive'; expected actuated or fixed-time",
                error(config("/t.yaml", "adaptive", "", 100, ""), null));
    }

    @Test
    void fixedTimeNeedsAPlanAndActuatedIgnoresIt() {
        assertEquals(PREFIX + "'plan' has invalid value ''; expected the name of a fixed-time plan of the definition"
                + " in fixed-time mode", error(config("/t.yaml", "fixed-time", " ", 100, ""), null));
        assertEquals("day", TrafficOptions.from(config("/t.yaml", "fixed-time", "day", 100, ""), null).plan());
        assertEquals("", TrafficOptions.from(config("/t.yaml", "actuated", "day", 100, ""), null).plan());
    }

    @Test
    void theTickPeriodStaysWithinTheMetatypeBounds() {
        assertEquals(PREFIX + "'tick.period.ms' has invalid value '9'; expected an integer from 10 to 100",
                error(config("/t.yaml", "actuated", "", TrafficOptions.MIN_TICK_PERIOD_MS - 1, ""), null));
        assertEquals(PREFIX + "'tick.period.ms' has invalid value '101'; expected an integer from 10 to 100",
                error(config("/t.yaml", "actuated", "", TrafficOptions.MAX_TICK_PERIOD_MS + 1, ""), null));
        assertEquals(10, TrafficOptions.from(config("/t.yaml", "actuated", "", 10, ""), null).tickPeriodMs());
    }
}
