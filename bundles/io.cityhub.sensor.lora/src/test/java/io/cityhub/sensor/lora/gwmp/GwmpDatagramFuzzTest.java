package io.cityhub.sensor.lora.gwmp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cityhub.sensor.lora.lorawan.MalformedFrameException;
import io.cityhub.sensor.lora.lorawan.PhyPayload;
import io.cityhub.testing.AllocationBudget;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

/**
 * Any datagram a packet forwarder (or anyone on the network) sends is parsed the way {@code LoraGateway} parses it:
 * the header, the PUSH_DATA JSON with its rxpk entries and the frames they carry, the TX_ACK JSON. The only failure
 * allowed is the parsers' rejection ({@link GwmpException}, {@link Json.SyntaxException},
 * {@link MalformedFrameException}); no hang (the timeout) and no allocation out of proportion to the datagram.
 *
 * <p>Every build runs the kept inputs in {@code GwmpDatagramFuzzTestInputs/}; {@code ./cityhub fuzz} explores.
 */
class GwmpDatagramFuzzTest {

    @FuzzTest(maxDuration = "5m")
    @Timeout(10)
    void anyDatagramIsParsedOrRejected(byte[] datagram) throws Exception {
        AllocationBudget.check(datagram.length, () -> handle(datagram));
    }

    private static void handle(byte[] datagram) {
        GwmpDatagram parsed;
        try {
            parsed = GwmpDatagram.parse(datagram, datagram.length);
        } catch (GwmpException rejected) {
            return;
        }
        if (parsed.json() != null) {
            switch (parsed.type()) {
                case PUSH_DATA -> pushData(parsed.json());
                case TX_ACK, PULL_RESP -> json(parsed.json());
                default -> { }
            }
        }
    }

    private static void pushData(String json) {
        PushData push;
        try {
            push = PushData.parse(json);
        } catch (GwmpException rejected) {
            return;
        }
        for (Rxpk rx : push.packets()) {
            try {
                PhyPayload.parse(rx.data());
            } catch (MalformedFrameException rejected) {
                // counted as a drop by the gateway
            }
        }
        for (GwmpException rejected : push.rejected()) {
            if (rejected.getMessage() == null || rejected.reason() == null) {
                throw new AssertionError("an rxpk was rejected without a reason", rejected);
            }
        }
        if (push.stat() == null) {
            throw new AssertionError("stat is null, documented as an empty map");
        }
    }

    private static void json(String json) {
        try {
            Object root = Json.parse(json);
            if (root instanceof Map<?, ?> map) {
                map.get("txpk_ack");
            }
        } catch (Json.SyntaxException rejected) {
            // counted as datagram_bad_json
        }
    }
}
