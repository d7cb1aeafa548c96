package io.cityhub.sensor.lora.lorawan;

import java.util.Arrays;

/** LoRaWAN 1.0.x security functions (LoRaWAN 1.0.2 §4.3.3, §4.4, §6.2.4, §6.2.5). Stateless. */
public final class LorawanCrypto {

    /** Bytes of a MIC on air. */
    public static final int MIC_LENGTH = 4;

    private LorawanCrypto() {
    }

    /**
     * The MIC of a data frame: AES-CMAC(NwkSKey, B0 | msg)[0..3] (1.0.2 §4.4).
     *
     * @param nwkSKey CMAC keyed with the NwkSKey, not null
     * @param uplink direction (B0 Dir 0 up, 1 down)
     * @param devAddr the DevAddr as a number (display order)
     * @param fCnt32 the full 32-bit frame counter, 0..2^32-1
     * @param msg MHDR | FHDR | FPort | FRMPayload, read from {@code phy[0..len)}
     * @param len bytes of msg, i.e. the PHYPayload without its MIC
     * @return the 4 MIC bytes in air order
     */
    public static byte[] dataMic(AesCmac nwkSKey, boolean uplink, int devAddr, long fCnt32, byte[] msg, int len) {
        byte[] b0 = block(0x49, uplink, devAddr, fCnt32, len);
        return Arrays.copyOf(nwkSKey.mac(b0, msg, 0, len), MIC_LENGTH);
    }

    /**
     * The B0 (0x49) or A_i (0x01) block: {@code tag | 0^4 | Dir | DevAddr(LE) | FCnt32(LE) | 0x00 | last}.
     */
    static byte[] block(int tag, boolean uplink, int devAddr, long fCnt32, int last) {
        byte[] b = new byte[16];
        b[0] = (byte) tag;
        b[5] = (byte) (uplink ? 0 : 1);
        Bytes.putIntLe(b, 6, devAddr);
        Bytes.putIntLe(b, 10, (int) fCnt32);
        b[15] = (byte) last;
        return b;
    }

    /**
     * Encrypts or decrypts FRMPayload (the same XOR both ways, 1.0.2 §4.3.3.1).
     *
     * @param key AppSKey, or NwkSKey for FPort 0, not null
     * @param uplink direction
     * @param devAddr the DevAddr as a number
     * @param fCnt32 the full frame counter: A_i carries all 32 bits
     * @param data the payload, not null, not modified
     * @return a new array of the same length
     */
    public static byte[] cryptFrmPayload(Aes128 key, boolean uplink, int devAddr, long fCnt32, byte[] data) {
        byte[] out = new byte[data.length];
        byte[] a = block(0x01, uplink, devAddr, fCnt32, 0);
        byte[] s = new byte[16];
        for (int i = 0; i * 16 < data.length; i++) {
            a[15] = (byte) (i + 1);
            key.encrypt(a, 0, s, 0);
            int n = Math.min(16, data.length - i * 16);
            for (int j = 0; j < n; j++) {
                out[i * 16 + j] = (byte) (data[i * 16 + j] ^ s[j]);
            }
        }
        return out;
    }

    /**
     * The MIC of a join request or a (plaintext) join accept: AES-CMAC(AppKey, msg)[0..3] (1.0.2 §6.2.4, §6.2.5).
     *
     * @param appKey CMAC keyed with the AppKey
     * @param msg the frame from MHDR up to (excluding) the MIC, read from {@code msg[0..len)}
     * @param len bytes covered
     * @return the 4 MIC bytes
     */
    public static byte[] joinMic(AesCmac appKey, byte[] msg, int len) {
        return Arrays.copyOf(appKey.mac(null, msg, 0, len), MIC_LENGTH);
    }

    /**
     * The device's view of a join accept: the server "encrypts" with AES decrypt, so the device recovers the
     * plaintext with AES encrypt (1.0.2 §6.2.5). The MHDR stays in clear.
     *
     * @param appKey AES with the AppKey
     * @param phy the join accept as on air (17 or 33 bytes), not modified
     * @return MHDR | plaintext payload | MIC
     * @throws MalformedFrameException if the length is not 17 or 33
     */
    public static byte[] openJoinAccept(Aes128 appKey, byte[] phy) throws MalformedFrameException {
        checkJoinAcceptLength(phy.length);
        byte[] out = phy.clone();
        for (int off = 1; off < out.length; off += 16) {
            appKey.encrypt(out, off, out, off);
        }
        return out;
    }

    /**
     * The server's side of {@link #openJoinAccept}: turns MHDR | payload | MIC into what goes on air.
     *
     * @param appKey AES with the AppKey
     * @param plain MHDR | payload | MIC (17 or 33 bytes), not modified
     * @return the join accept as on air
     * @throws MalformedFrameException if the length is not 17 or 33
     */
    public static byte[] sealJoinAccept(Aes128 appKey, byte[] plain) throws MalformedFrameException {
        checkJoinAcceptLength(plain.length);
        byte[] out = plain.clone();
        for (int off = 1; off < out.length; off += 16) {
            appKey.decrypt(out, off, out, off);
        }
        return out;
    }

    private static void checkJoinAcceptLength(int length) throws MalformedFrameException {
        if (length != JoinAccept.LENGTH && length != JoinAccept.LENGTH_WITH_CFLIST) {
            throw new MalformedFrameException(MalformedFrameException.Reason.INVALID_FIELD,
                    "join accept has " + length + " bytes; expected 17, or 33 with a CFList");
        }
    }

    /**
     * Session keys of an OTAA join (1.0.2 §6.2.5):
     * {@code aes128_encrypt(AppKey, 0x01|0x02 | AppNonce | NetID | DevNonce | pad16)}, fields little-endian.
     *
     * @param appKey AES with the AppKey
     * @param joinNonce AppNonce/JoinNonce, 24 bits
     * @param netId NetID, 24 bits
     * @param devNonce DevNonce, 16 bits
     * @return the two keys
     */
    public static SessionKeys sessionKeys(Aes128 appKey, int joinNonce, int netId, int devNonce) {
        return new SessionKeys(deriveKey(appKey, 0x01, joinNonce, netId, devNonce),
                deriveKey(appKey, 0x02, joinNonce, netId, devNonce));
    }

    private static byte[] deriveKey(Aes128 appKey, int tag, int joinNonce, int netId, int devNonce) {
        byte[] b = new byte[16];
        b[0] = (byte) tag;
        Bytes.putLe(b, 1, joinNonce, 3);
        Bytes.putLe(b, 4, netId, 3);
        Bytes.putLe(b, 7, devNonce, 2);
        appKey.encrypt(b, 0, b, 0);
        return b;
    }

    /**
     * The two LoRaWAN 1.0 session keys.
     *
     * @param nwkSKey network session key, 16 bytes
     * @param appSKey application session key, 16 bytes
     */
    public record SessionKeys(byte[] nwkSKey, byte[] appSKey) {
    }
}
