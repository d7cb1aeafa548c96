package io.cityhub.sensor.lora.lorawan;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-128 single-block operations with one key (ECB, no padding: LoRaWAN only ever encrypts single blocks or
 * builds its own counter/CBC-MAC modes from them). Not thread-safe: each holder of a key uses its own instance.
 */
public final class Aes128 {

    /** Bytes in a key and in a block. */
    public static final int BLOCK = 16;

    private final Cipher encrypt;
    private final Cipher decrypt;

    /**
     * @param key 16 bytes, not null; copied by the provider
     * @throws IllegalArgumentException if the key is not 16 bytes
     */
    public Aes128(byte[] key) {
        if (key == null || key.length != BLOCK) {
            throw new IllegalArgumentException("an AES-128 key has 16 bytes, not "
                    + (key == null ? "none" : key.length));
        }
        try {
            SecretKeySpec spec = new SecretKeySpec(key, "AES");
            encrypt = Cipher.getInstance("AES/ECB/NoPadding");
            encrypt.init(Cipher.ENCRYPT_MODE, spec);
            decrypt = Cipher.getInstance("AES/ECB/NoPadding");
            decrypt.init(Cipher.DECRYPT_MODE, spec);
        } catch (GeneralSecurityException e) {
            // AES/ECB/NoPadding is mandatory on every Java SE platform (javax.crypto.Cipher Javadoc)
            throw new IllegalStateException("AES unavailable", e);
        }
    }

    /** Encrypts the 16 bytes at {@code in[inOff]} into {@code out[outOff]} (may be the same array and offset). */
    public void encrypt(byte[] in, int inOff, byte[] out, int outOff) {
        run(encrypt, in, inOff, out, outOff);
    }

    /** Decrypts the 16 bytes at {@code in[inOff]} into {@code out[outOff]} (may be the same array and offset). */
    public void decrypt(byte[] in, int inOff, byte[] out, int outOff) {
        run(decrypt, in, inOff, out, outOff);
    }

    private static void run(Cipher cipher, byte[] in, int inOff, byte[] out, int outOff) {
        try {
            cipher.doFinal(in, inOff, BLOCK, out, outOff);
        } catch (GeneralSecurityException e) {
            // lengths are fixed at one block, so neither padding nor buffer size can fail
            throw new IllegalStateException("AES block operation failed", e);
        }
    }
}
