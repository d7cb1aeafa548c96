package io.cityhub.sensor.lora.lorawan;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A join accept in plaintext (1.0.2 §6.2.5):
 * {@code MHDR | JoinNonce(3) | NetID(3) | DevAddr(4) | DLSettings(1) | RxDelay(1) | [CFList(16)] | MIC(4)}.
 *
 * @param joinNonce AppNonce/JoinNonce, 24 bits (display order as a number)
 * @param netId NetID, 24 bits
 * @param devAddr the DevAddr assigned
 * @param dlSettings bit 7 RFU, bits 6..4 RX1DROffset, bits 3..0 RX2 data rate
 * @param rxDelay RX1 delay in seconds, 0 meaning 1 (1.0.2 §5.7)
 * @param cfList 16 bytes, or empty when absent; in EU868 five 24-bit frequencies in 100 Hz units then a type byte
 * @param mic the MIC in plaintext order
 */
public record JoinAccept(int joinNonce, int netId, int devAddr, int dlSettings, int rxDelay, byte[] cfList,
        byte[] mic) {

    /** Bytes on air without a CFList. */
    public static final int LENGTH = 17;
    /** Bytes on air with a CFList. */
    public static final int LENGTH_WITH_CFLIST = 33;

    /** @return RX1DROffset, DLSettings bits 6..4 */
    public int rx1DrOffset() {
        return (dlSettings >>> 4) & 0x07;
    }

    /** @return the RX2 data rate, DLSettings bits 3..0 */
    public int rx2DataRate() {
        return dlSettings & 0x0f;
    }

    /**
     * Decrypts a join accept as a device does and reads its fields; the MIC is not checked here.
     *
     * @param appKey AES with the AppKey
     * @param frame the frame as on air
     * @return the fields
     * @throws MalformedFrameException if the length is wrong
     */
    public static JoinAccept open(Aes128 appKey, EncryptedJoinAccept frame) throws MalformedFrameException {
        byte[] p = LorawanCrypto.openJoinAccept(appKey, frame.phy());
        int end = p.length - LorawanCrypto.MIC_LENGTH;
        return new JoinAccept((int) Bytes.getLe(p, 1, 3), (int) Bytes.getLe(p, 4, 3), (int) Bytes.getLe(p, 7, 4),
                p[11] & 0xff, p[12] & 0xff, Arrays.copyOfRange(p, 13, end), Arrays.copyOfRange(p, end, p.length));
    }

    /**
     * @param appKey CMAC with the AppKey
     * @return whether {@link #mic()} is the MIC of these fields
     */
    public boolean micValid(AesCmac appKey) {
        byte[] plain = plaintext(mic);
        return MessageDigest.isEqual(LorawanCrypto.joinMic(appKey, plain, plain.length - 4), mic);
    }

    /**
     * Builds the frame the gateway sends: computes the MIC over these fields (ignoring {@link #mic()}) and
     * encrypts.
     *
     * @param appKey CMAC (and its AES) with the AppKey
     * @return the join accept as on air
     */
    public byte[] seal(AesCmac appKey) {
        byte[] plain = plaintext(new byte[4]);
        System.arraycopy(LorawanCrypto.joinMic(appKey, plain, plain.length - 4), 0, plain, plain.length - 4, 4);
        try {
            return LorawanCrypto.sealJoinAccept(appKey.aes(), plain);
        } catch (MalformedFrameException e) {
            throw new IllegalStateException("CFList must be empty or 16 bytes, not " + cfList.length, e);
        }
    }

    private byte[] plaintext(byte[] micBytes) {
        byte[] p = new byte[13 + cfList.length + 4];
        p[0] = (byte) MType.JOIN_ACCEPT.mhdr();
        Bytes.putLe(p, 1, joinNonce, 3);
        Bytes.putLe(p, 4, netId, 3);
        Bytes.putIntLe(p, 7, devAddr);
        p[11] = (byte) dlSettings;
        p[12] = (byte) rxDelay;
        System.arraycopy(cfList, 0, p, 13, cfList.length);
        System.arraycopy(micBytes, 0, p, 13 + cfList.length, 4);
        return p;
    }

    /**
     * An EU868 CFList (RP 1.0.3revA §2.2.4): up to five extra channel frequencies, CFListType 0.
     *
     * @param frequenciesHz each a multiple of 100 Hz below 2^24 * 100 Hz; at most five
     * @return the 16 bytes
     */
    public static byte[] eu868CfList(long... frequenciesHz) {
        if (frequenciesHz.length > 5) {
            throw new IllegalArgumentException("an EU868 CFList holds at most 5 frequencies");
        }
        byte[] cf = new byte[16];
        for (int i = 0; i < frequenciesHz.length; i++) {
            Bytes.putLe(cf, i * 3, frequenciesHz[i] / 100, 3);
        }
        return cf;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JoinAccept a && joinNonce == a.joinNonce && netId == a.netId && devAddr == a.devAddr
                && dlSettings == a.dlSettings && rxDelay == a.rxDelay && Arrays.equals(cfList, a.cfList)
                && Arrays.equals(mic, a.mic);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {joinNonce, netId, devAddr, dlSettings, rxDelay, Arrays.hashCode(cfList)});
    }

    @Override
    public String toString() {
        return "JoinAccept[devAddr=" + Bytes.hex(devAddr & 0xffffffffL, 8) + ", netId=" + Bytes.hex(netId, 6) + "]";
    }
}
