package io.cityhub.traffic.definition;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cityhub.testing.AllocationBudget;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * Any text given as an intersection definition is loaded, with every safety rule checked, or refused with
 * {@link DefinitionException} listing the problems; nothing else escapes (YAML anchors and aliases included), no
 * hang, allocation in proportion to the text.
 *
 * <p>Every build replays the kept inputs in {@code IntersectionLoaderFuzzTestInputs/} (the example intersections
 * and their mutations); {@code ./cityhub fuzz intersection} explores.
 */
class IntersectionLoaderFuzzTest {

    private static final String SOURCE = "fuzz.yaml";

    private final IntersectionLoader loader = new IntersectionLoader();

    @FuzzTest(maxDuration = "5m")
    @Timeout(10)
    void anyDefinitionIsLoadedOrRefused(byte[] content) throws Exception {
        String yaml = new String(content, StandardCharsets.UTF_8);
        AllocationBudget.check(content.length, () -> load(yaml));
    }

    private void load(String yaml) {
        IntersectionDefinition definition;
        try {
            definition = loader.parse(yaml, SOURCE);
        } catch (DefinitionException refused) {
            if (refused.getMessage() == null || !refused.getMessage().contains(SOURCE)) {
                throw new AssertionError("refusal does not name the source: " + refused.getMessage(), refused);
            }
            return;
        }
        if (definition == null) {
            throw new AssertionError("loaded as null");
        }
    }
}
