package io.cityhub.forward.mqtt.internal.request;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cityhub.profiles.senml.JsonValues;
import io.cityhub.profiles.senml.MalformedJsonException;
import io.cityhub.testing.AllocationBudget;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * Any payload published on the gateway's request topic is read the way {@link RequestHandler} reads it (at most
 * {@link RequestHandler#MAX_REQUEST_BYTES}, strict UTF-8, then {@link JsonValues#read}): the only failure allowed is
 * {@link MalformedJsonException}; no hang, allocation in proportion to the payload; and what the reader accepts,
 * {@link JsonValues#write} writes back as JSON the reader accepts again, with the same strings (a response echoes the
 * request's id and op).
 *
 * <p>Every build replays the kept inputs in {@code PlatformRequestFuzzTestInputs/};
 * {@code ./cityhub fuzz platform-request} explores.
 */
class PlatformRequestFuzzTest {

    @FuzzTest(maxDuration = "5m")
    @Timeout(10)
    void anyRequestPayloadIsReadOrRejected(byte[] payload) throws Exception {
        if (payload.length > RequestHandler.MAX_REQUEST_BYTES) {
            return; // refused by size before any parsing
        }
        AllocationBudget.check(payload.length, () -> read(payload));
    }

    private static void read(byte[] payload) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException rejected) {
            return;
        }
        Object value;
        try {
            value = JsonValues.read(text);
        } catch (MalformedJsonException rejected) {
            return;
        }
        String written = new String(JsonValues.write(value), StandardCharsets.UTF_8);
        Object again;
        try {
            again = JsonValues.read(written);
        } catch (MalformedJsonException e) {
            throw new AssertionError("the writer made unreadable JSON of an accepted request: " + written, e);
        }
        String rewritten = new String(JsonValues.write(again), StandardCharsets.UTF_8);
        if (!written.equals(rewritten)) {
            throw new AssertionError("request changed on a second write: " + written + " vs " + rewritten);
        }
    }
}
