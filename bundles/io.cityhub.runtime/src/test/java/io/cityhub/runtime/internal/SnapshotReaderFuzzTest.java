package io.cityhub.runtime.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cityhub.testing.AllocationBudget;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Any file given as the snapshot is read into configurations or refused with {@link SnapshotException} naming the
 * file and a line; nothing else escapes (the runtime then refuses to start with that message, rather than with a
 * stack trace or a partial configuration), no hang, allocation in proportion to the file.
 *
 * <p>Every build replays the kept inputs in {@code SnapshotReaderFuzzTestInputs/}; {@code ./cityhub fuzz snapshot}
 * explores.
 */
class SnapshotReaderFuzzTest {

    private static final String FILE = "snapshot_0.xml";

    private final SnapshotReader reader = new SnapshotReader();

    @FuzzTest(maxDuration = "5m")
    @Timeout(10)
    void anySnapshotIsReadOrRefused(byte[] content) throws Exception {
        AllocationBudget.check(content.length, () -> read(content));
    }

    private void read(byte[] content) {
        List<SnapshotConfiguration> configurations;
        try {
            configurations = reader.read(content, FILE);
        } catch (SnapshotException refused) {
            if (refused.getMessage() == null || !refused.getMessage().contains(FILE)) {
                throw new AssertionError("refusal does not name the file: " + refused.getMessage(), refused);
            }
            return;
        }
        if (configurations == null || configurations.contains(null)) {
            throw new AssertionError("read as " + configurations);
        }
    }
}
