package io.cityhub.sensor.lora.lorawan;

import static io.cityhub.sensor.lora.lorawan.MalformedFrameException.Reason.INVALID_FIELD;
import static io.cityhub.sensor.lora.lorawan.MalformedFrameException.Reason.TRUNCATED;

import java.util.Arrays;

/**
 * A join request (1.0.2 §6.2.4): {@code MHDR | JoinEUI(8,LE) | DevEUI(8,LE) | DevNonce(2,LE) | MIC}, not encrypted.
 *
 * @param joinEui AppEUI/JoinEUI as a number (display order)
 * @param devEui DevEUI as a number
 * @param devNonce DevNonce, 0..65535
 * @param phy the frame as received
 */
public record JoinRequest(long joinEui, long devEui, int devNonce, byte[] phy) implements PhyPayload {

    static JoinRequest parse(byte[] phy) throws MalformedFrameException {
        if (phy.length != PhyPayload.JOIN_REQUEST) {
            throw new MalformedFrameException(phy.length < PhyPayload.JOIN_REQUEST ? TRUNCATED : INVALID_FIELD,
                    "join request has " + phy.length + " bytes; expected 23");
        }
        return new JoinRequest(Bytes.getLe(phy, 1, 8), Bytes.getLe(phy, 9, 8), (int) Bytes.getLe(phy, 17, 2), phy);
    }

    /**
     * Builds a join request as a device sends it, with its MIC.
     *
     * @param appKey CMAC with the device's AppKey
     * @return the frame
     */
    public static JoinRequest build(long joinEui, long devEui, int devNonce, AesCmac appKey) {
        byte[] phy = new byte[PhyPayload.JOIN_REQUEST];
        phy[0] = (byte) MType.JOIN_REQUEST.mhdr();
        Bytes.putLe(phy, 1, joinEui, 8);
        Bytes.putLe(phy, 9, devEui, 8);
        Bytes.putLe(phy, 17, devNonce, 2);
        System.arraycopy(LorawanCrypto.joinMic(appKey, phy, 19), 0, phy, 19, 4);
        return new JoinRequest(joinEui, devEui, devNonce, phy);
    }

    @Override
    public MType mtype() {
        return MType.JOIN_REQUEST;
    }

    /** @return the MIC as on air */
    public byte[] mic() {
        return PhyPayload.micOf(phy);
    }

    /**
     * @param appKey CMAC with the AppKey
     * @return whether the MIC matches
     */
    public boolean micValid(AesCmac appKey) {
        return java.security.MessageDigest.isEqual(LorawanCrypto.joinMic(appKey, phy, 19), mic());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JoinRequest other && Arrays.equals(phy, other.phy);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(phy);
    }
}
