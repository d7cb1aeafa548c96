package io.cityhub.profiles.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

/**
 * Any payload a sensor sends as {@code application/senml+json} is decoded or rejected with
 * DecodeException (SenmlFuzzProperty). Every build replays the kept inputs in {@code SenmlJsonFuzzTestInputs/};
 * {@code ./cityhub fuzz senml-json} explores.
 */
class SenmlJsonFuzzTest {

    private final SenmlJsonCodec codec = new SenmlJsonCodec();

    @FuzzTest(maxDuration = "5m")
    @Timeout(10)
    void anyPayloadIsDecodedOrRejected(byte[] payload) throws Exception {
        SenmlFuzzProperty.check(codec, payload);
    }
}
