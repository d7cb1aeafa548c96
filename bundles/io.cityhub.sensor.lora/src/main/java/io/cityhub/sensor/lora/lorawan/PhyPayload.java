package io.cityhub.sensor.lora.lorawan;

import static io.cityhub.sensor.lora.lorawan.MalformedFrameException.Reason.INVALID_FIELD;
import static io.cityhub.sensor.lora.lorawan.MalformedFrameException.Reason.TRUNCATED;
import static io.cityhub.sensor.lora.lorawan.MalformedFrameException.Reason.UNSUPPORTED_VERSION;

import java.util.Arrays;

/**
 * A parsed LoRaWAN 1.0.x PHYPayload (LoRaWAN 1.0.2 §4): one of {@link DataFrame}, {@link JoinRequest},
 * {@link EncryptedJoinAccept} or {@link OpaqueFrame} (Rejoin-request, Proprietary). Parsing checks structure only;
 * MICs need keys and are checked by the caller.
 */
public sealed interface PhyPayload permits DataFrame, JoinRequest, EncryptedJoinAccept, OpaqueFrame {

    /** Smallest data frame: MHDR + FHDR(7) + MIC (1.0.2 §4.3). */
    int MIN_DATA = 12;
    /** A join request: MHDR + JoinEUI(8) + DevEUI(8) + DevNonce(2) + MIC (1.0.2 §6.2.4). */
    int JOIN_REQUEST = 23;

    /** @return the message type */
    MType mtype();

    /** @return the frame exactly as received; the caller must not modify it */
    byte[] phy();

    /**
     * @param phy a PHYPayload as on air, not null, not copied (the caller must not modify it afterwards)
     * @return the parsed frame
     * @throws MalformedFrameException naming what is wrong; never any other exception for any input
     */
    static PhyPayload parse(byte[] phy) throws MalformedFrameException {
        if (phy.length < 1) {
            throw new MalformedFrameException(TRUNCATED, "empty frame");
        }
        int mhdr = phy[0] & 0xff;
        MType mtype = MType.of(mhdr);
        if (mtype != MType.PROPRIETARY && (mhdr & 0x03) != 0) {
            // 1.0.2 §4.2.2: Major 00 is LoRaWAN R1, the only major version defined
            throw new MalformedFrameException(UNSUPPORTED_VERSION, "MHDR major version " + (mhdr & 0x03)
                    + " is not LoRaWAN R1 (0)");
        }
        switch (mtype) {
            case JOIN_REQUEST:
                return JoinRequest.parse(phy);
            case JOIN_ACCEPT:
                if (phy.length != JoinAccept.LENGTH && phy.length != JoinAccept.LENGTH_WITH_CFLIST) {
                    throw new MalformedFrameException(phy.length < JoinAccept.LENGTH ? TRUNCATED : INVALID_FIELD,
                            "join accept has " + phy.length + " bytes; expected 17, or 33 with a CFList");
                }
                return new EncryptedJoinAccept(phy);
            case REJOIN_REQUEST:
            case PROPRIETARY:
                return new OpaqueFrame(mtype, phy);
            default:
                return DataFrame.parse(mtype, phy);
        }
    }

    /** @return the last 4 bytes, the MIC as on air */
    static byte[] micOf(byte[] phy) {
        return Arrays.copyOfRange(phy, phy.length - LorawanCrypto.MIC_LENGTH, phy.length);
    }
}
