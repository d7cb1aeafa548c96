package io.cityhub.api.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignalTimingTest {

    private static final Instant T = Instant.parse("2026-12-01T04:20:31.100Z");

    @Test
    void eventStateOutsideTheEnumerationIsNamedUnavailable() {
        assertThat(new MovementTiming("g", -1, 0, 0, 0, 0).eventStateName()).isEqualTo("unavailable");
        assertThat(new MovementTiming("g", 10, 0, 0, 0, 0).eventStateName()).isEqualTo("unavailable");
    }

    @Test
    void namesEveryMovementPhaseStateAsJ2735Does() {
        List<String> names = List.of("unavailable", "dark", "stop-Then-Proceed", "stop-And-Remain", "pre-Movement",
                "permissive-Movement-Allowed", "protected-Movement-Allowed", "permissive-clearance",
                "protected-clearance", "caution-Conflicting-Traffic");
        for (int state = 0; state < names.size(); state++) {
            assertThat(new MovementTiming("g", state, 0, 0, 0, 0).eventStateName()).isEqualTo(names.get(state));
        }
    }

    @Test
    void jsonEscapesQuotesBackslashesAndControlCharactersInNames() {
        SignalTiming timing = new SignalTiming("a\"b\\c", T, List.of(new MovementTiming("x\ny", 3, 1, 2, 2, 15)));
        assertThat(timing.toJson()).startsWith("{\"intersection\":\"a\\\"b\\\\c\",")
                .contains("\"signalGroup\":\"x\\u000ay\"");
    }

    @Test
    void jsonHoldsOneObjectPerGroupInDefinitionOrderWithTheProfileFieldNames() {
        SignalTiming timing = new SignalTiming("t-junction", T, List.of(
                new MovementTiming("main", 6, 12040, MovementTiming.UNKNOWN, 12310, 8),
                new MovementTiming("side", 3, 12350, 12900, 12360, 15)));
        assertThat(timing.toJson()).isEqualTo("{\"intersection\":\"t-junction\","
                + "\"timeStamp\":\"2026-12-01T04:20:31.100Z\",\"movements\":["
                + "{\"signalGroup\":\"main\",\"eventState\":\"protected-Movement-Allowed\","
                + "\"minEndTime\":12040,\"maxEndTime\":36001,\"likelyTime\":12310,\"confidence\":8},"
                + "{\"signalGroup\":\"side\",\"eventState\":\"stop-And-Remain\",\"minEndTime\":12350,"
                + "\"maxEndTime\":12900,\"likelyTime\":12360,\"confidence\":15}]}");
    }
}
