package io.cityhub.sensor.lora.lorawan;

import static io.cityhub.sensor.lora.lorawan.MalformedFrameException.Reason.INVALID_FIELD;
import static io.cityhub.sensor.lora.lorawan.MalformedFrameException.Reason.TRUNCATED;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A data frame (1.0.2 §4.3): {@code MHDR | DevAddr(4,LE) | FCtrl | FCnt(2,LE) | FOpts(0..15) | [FPort | FRMPayload]
 * | MIC}.
 *
 * @param mtype one of the four data types
 * @param devAddr DevAddr as a number (display order)
 * @param fCtrl the FCtrl byte
 * @param fCnt16 the 16-bit FCnt on air
 * @param fOpts MAC commands piggy-backed in the header (not encrypted in 1.0.x), possibly empty
 * @param fPort the FPort, or -1 when absent
 * @param frmPayload FRMPayload as on air (encrypted), possibly empty
 * @param phy the frame as received
 */
public record DataFrame(MType mtype, int devAddr, int fCtrl, int fCnt16, byte[] fOpts, int fPort, byte[] frmPayload,
        byte[] phy) implements PhyPayload {

    /** FPort value meaning "absent". */
    public static final int NO_PORT = -1;

    static DataFrame parse(MType mtype, byte[] phy) throws MalformedFrameException {
        if (phy.length < PhyPayload.MIN_DATA) {
            throw new MalformedFrameException(TRUNCATED, mtype.displayName() + " has " + phy.length
                    + " bytes; a data frame has at least 12");
        }
        int fCtrl = phy[5] & 0xff;
        int fOptsLen = fCtrl & 0x0f;
        int macEnd = phy.length - LorawanCrypto.MIC_LENGTH;
        int fOptsEnd = 8 + fOptsLen;
        if (fOptsEnd > macEnd) {
            throw new MalformedFrameException(TRUNCATED, "FOptsLen " + fOptsLen + " runs past the end of the frame ("
                    + (macEnd - 8) + " bytes left before the MIC)");
        }
        int fPort = NO_PORT;
        byte[] frm = new byte[0];
        if (fOptsEnd < macEnd) {
            fPort = phy[fOptsEnd] & 0xff;
            frm = Arrays.copyOfRange(phy, fOptsEnd + 1, macEnd);
            if (fPort == 0 && fOptsLen > 0) {
                // 1.0.2 §4.3.1.6: MAC commands in FOpts and in FRMPayload at once make the frame invalid
                throw new MalformedFrameException(INVALID_FIELD, "FPort 0 with " + fOptsLen + " bytes of FOpts");
            }
        }
        return new DataFrame(mtype, (int) Bytes.getLe(phy, 1, 4), fCtrl, (int) Bytes.getLe(phy, 6, 2),
                Arrays.copyOfRange(phy, 8, fOptsEnd), fPort, frm, phy);
    }

    /**
     * Builds a data frame with its MIC, encrypting the payload (for the simulator, ACKs and tests).
     *
     * @param fOpts MAC commands for the header, at most 15 bytes
     * @param fPort the FPort, or {@link #NO_PORT} for none (then the payload must be empty)
     * @param payload the plaintext FRMPayload
     * @param nwkSKey CMAC (and AES) with the NwkSKey
     * @param appSKey AES with the AppSKey
     * @return the frame
     */
    public static DataFrame build(MType mtype, int devAddr, int fCtrlFlags, long fCnt32, byte[] fOpts, int fPort,
            byte[] payload, AesCmac nwkSKey, Aes128 appSKey) {
        if (fOpts.length > 15 || (fPort == NO_PORT && payload.length > 0)) {
            throw new IllegalArgumentException("FOpts above 15 bytes or a payload without FPort");
        }
        int portLen = fPort == NO_PORT ? 0 : 1;
        byte[] phy = new byte[8 + fOpts.length + portLen + payload.length + 4];
        phy[0] = (byte) mtype.mhdr();
        Bytes.putIntLe(phy, 1, devAddr);
        phy[5] = (byte) ((fCtrlFlags & 0xf0) | fOpts.length);
        Bytes.putLe(phy, 6, fCnt32, 2);
        System.arraycopy(fOpts, 0, phy, 8, fOpts.length);
        byte[] frm = new byte[0];
        if (portLen == 1) {
            phy[8 + fOpts.length] = (byte) fPort;
            frm = LorawanCrypto.cryptFrmPayload(fPort == 0 ? nwkSKey.aes() : appSKey, mtype.uplink(), devAddr,
                    fCnt32, payload);
            System.arraycopy(frm, 0, phy, 9 + fOpts.length, frm.length);
        }
        byte[] mic = LorawanCrypto.dataMic(nwkSKey, mtype.uplink(), devAddr, fCnt32, phy, phy.length - 4);
        System.arraycopy(mic, 0, phy, phy.length - 4, 4);
        return new DataFrame(mtype, devAddr, phy[5] & 0xff, (int) (fCnt32 & 0xffff), fOpts.clone(), fPort, frm, phy);
    }

    /** @return FCtrl bit 7 */
    public boolean adr() {
        return (fCtrl & 0x80) != 0;
    }

    /** @return FCtrl bit 6 (ADRACKReq uplink, RFU downlink) */
    public boolean adrAckReq() {
        return (fCtrl & 0x40) != 0;
    }

    /** @return FCtrl bit 5 */
    public boolean ack() {
        return (fCtrl & 0x20) != 0;
    }

    /** @return FCtrl bit 4: FPending downlink, ClassB uplink (1.0.3+) */
    public boolean bit4() {
        return (fCtrl & 0x10) != 0;
    }

    /** @return true when a confirmed frame expects an ACK */
    public boolean confirmed() {
        return mtype == MType.CONFIRMED_DATA_UP || mtype == MType.CONFIRMED_DATA_DOWN;
    }

    /** @return the MIC as on air */
    public byte[] mic() {
        return PhyPayload.micOf(phy);
    }

    /**
     * @param nwkSKey CMAC with the NwkSKey
     * @param fCnt32 the full counter to check with
     * @return whether the MIC matches
     */
    public boolean micValid(AesCmac nwkSKey, long fCnt32) {
        byte[] expected = LorawanCrypto.dataMic(nwkSKey, mtype.uplink(), devAddr, fCnt32, phy, phy.length - 4);
        return MessageDigest.isEqual(expected, mic());
    }

    /**
     * @param key AppSKey, or NwkSKey when {@link #fPort()} is 0
     * @param fCnt32 the full counter
     * @return the plaintext FRMPayload
     */
    public byte[] decrypt(Aes128 key, long fCnt32) {
        return LorawanCrypto.cryptFrmPayload(key, mtype.uplink(), devAddr, fCnt32, frmPayload);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataFrame other && Arrays.equals(phy, other.phy);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(phy);
    }

    @Override
    public String toString() {
        return mtype.displayName() + "[devAddr=" + Bytes.hex(devAddr & 0xffffffffL, 8) + ", fCnt=" + fCnt16
                + ", fPort=" + fPort + "]";
    }
}
