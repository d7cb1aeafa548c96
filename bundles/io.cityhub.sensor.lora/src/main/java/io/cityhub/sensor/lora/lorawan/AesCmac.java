package io.cityhub.sensor.lora.lorawan;

/**
 * AES-CMAC (RFC 4493) on {@link Aes128}; JDK 17 has no CMAC in its default providers. Not thread-safe.
 */
public final class AesCmac {

    /** RFC 4493 §2.3: the constant of GF(2^128) doubling for a 128-bit block. */
    private static final int RB = 0x87;

    private final Aes128 aes;
    private final byte[] k1 = new byte[16];
    private final byte[] k2 = new byte[16];
    private final byte[] state = new byte[16];

    /**
     * @param key 16 bytes, not null
     * @throws IllegalArgumentException if the key is not 16 bytes
     */
    public AesCmac(byte[] key) {
        aes = new Aes128(key);
        // RFC 4493 §2.3 Generate_Subkey: L = AES(K, 0^128), K1 = L<<1 (^Rb), K2 = K1<<1 (^Rb)
        byte[] l = new byte[16];
        aes.encrypt(l, 0, l, 0);
        doubleInto(l, k1);
        doubleInto(k1, k2);
    }

    /** @return the {@link Aes128} with the same key, for callers that also need plain block encryption */
    public Aes128 aes() {
        return aes;
    }

    /**
     * The full 16-byte tag of the concatenation of {@code head} (may be null) and {@code msg[off..off+len)}.
     * LoRaWAN MICs prepend the 16-byte B0 block, so taking it apart from the message avoids a copy.
     */
    public byte[] mac(byte[] head, byte[] msg, int off, int len) {
        int headLen = head == null ? 0 : head.length;
        int total = headLen + len;
        int blocks = Math.max(1, (total + 15) / 16);
        boolean complete = total > 0 && total % 16 == 0;
        java.util.Arrays.fill(state, (byte) 0);
        for (int b = 0; b < blocks; b++) {
            boolean last = b == blocks - 1;
            for (int i = 0; i < 16; i++) {
                int pos = b * 16 + i;
                int value;
                if (pos < total) {
                    value = pos < headLen ? head[pos] : msg[off + pos - headLen];
                } else {
                    // RFC 4493 §2.4 step 4: an incomplete last block is padded with 10^i
                    value = pos == total ? 0x80 : 0;
                }
                if (last) {
                    value ^= complete ? k1[i] : k2[i];
                }
                state[i] ^= (byte) value;
            }
            aes.encrypt(state, 0, state, 0);
        }
        return state.clone();
    }

    private static void doubleInto(byte[] in, byte[] out) {
        int carry = 0;
        for (int i = 15; i >= 0; i--) {
            int v = in[i] & 0xff;
            out[i] = (byte) ((v << 1) | carry);
            carry = v >>> 7;
        }
        if ((in[0] & 0x80) != 0) {
            out[15] ^= (byte) RB;
        }
    }
}
