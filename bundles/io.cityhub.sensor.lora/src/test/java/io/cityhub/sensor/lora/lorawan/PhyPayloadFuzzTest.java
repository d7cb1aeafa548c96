package io.cityhub.sensor.lora.lorawan;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cityhub.testing.AllocationBudget;
import java.util.HexFormat;
import org.junit.jupiter.api.Timeout;

/**
 * Any bytes a radio hands up are taken through what the network server does with a frame: parse the PHYPayload,
 * then, with a session's keys, check the MIC, decrypt FRMPayload, read the MAC commands in FOpts (and in an FPort 0
 * payload), or open a join accept. The only failure allowed is {@link MalformedFrameException}; no hang, no
 * allocation out of proportion to the frame.
 *
 * <p>Every build runs the kept inputs in {@code PhyPayloadFuzzTestInputs/}; {@code ./cityhub fuzz} explores.
 */
class PhyPayloadFuzzTest {

    // LoRaWAN 1.0.2 keys of no device: the MIC almost never matches, which is the common case for noise on air
    private static final byte[] KEY = HexFormat.of().parseHex("2b7e151628aed2a6abf7158809cf4f3c");

    private final AesCmac nwkSKey = new AesCmac(KEY);
    private final Aes128 appSKey = new Aes128(KEY);

    @FuzzTest(maxDuration = "5m")
    @Timeout(10)
    void anyFrameIsParsedOrRejected(byte[] phy) throws Exception {
        AllocationBudget.check(phy.length, () -> handle(phy));
    }

    private void handle(byte[] phy) {
        PhyPayload frame;
        try {
            frame = PhyPayload.parse(phy);
        } catch (MalformedFrameException rejected) {
            return;
        }
        if (frame.mtype() == null || frame.phy() != phy) {
            throw new AssertionError("parse must keep the type and the frame as received");
        }
        if (frame instanceof DataFrame data) {
            long fCnt32 = FrameCounter.reconstruct(0, data.fCnt16());
            data.micValid(nwkSKey, fCnt32);
            byte[] payload = data.decrypt(data.fPort() == 0 ? nwkSKey.aes() : appSKey, fCnt32);
            if (payload.length != data.frmPayload().length) {
                throw new AssertionError("decryption changed the payload length");
            }
            macCommands(data.fOpts(), data.mtype().uplink());
            if (data.fPort() == 0) {
                macCommands(payload, data.mtype().uplink());
            }
        } else if (frame instanceof JoinRequest join) {
            join.micValid(nwkSKey);
        } else if (frame instanceof EncryptedJoinAccept accept) {
            try {
                JoinAccept.open(appSKey, accept).micValid(nwkSKey);
            } catch (MalformedFrameException rejected) {
                // a length parse() accepted must open
                throw new AssertionError("a join accept that parsed did not open", rejected);
            }
        }
    }

    private static void macCommands(byte[] bytes, boolean uplink) {
        try {
            MacCommand.parseAll(bytes, uplink);
        } catch (MalformedFrameException rejected) {
            // counted as bad_mac_command
        }
    }
}
