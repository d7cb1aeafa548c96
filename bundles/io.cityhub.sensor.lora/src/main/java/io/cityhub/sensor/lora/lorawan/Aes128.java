package io.cityhub.sensor.lora.lorawan;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-128 single-block operations with one key (ECB, no padding: LoRaWAN only ever encrypts single blocks or
 * builds its own counter/CBC-MAC modes from them). Thread-safe.
 *
 * <p>An instance holds only its key: the {@link Cipher} objects with their expanded key schedules (about 1.4 KB of
 * heap each) belong to the calling thread and are set to this key when the thread last used another one. A gateway
 * holds two keys per LoRaWAN device, and thousands of devices; keeping two ciphers per key cost it about 5.5 MB of heap
 * per thousand devices. Setting a cipher to a key is a key expansion, a few microseconds against the millisecond
 * between two frames of one concentrator at full load.
 */
public final class Aes128 {

    /** Bytes in a key and in a block. */
    public static final int BLOCK = 16;

    private static final ThreadLocal<Engines> ENGINES = ThreadLocal.withInitial(Engines::new);

    private final SecretKeySpec key;

    /**
     * @param key 16 bytes, not null; copied
     * @throws IllegalArgumentException if the key is not 16 bytes
     */
    public Aes128(byte[] key) {
        if (key == null || key.length != BLOCK) {
            throw new IllegalArgumentException("an AES-128 key has 16 bytes, not "
                    + (key == null ? "none" : key.length));
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** Encrypts the 16 bytes at {@code in[inOff]} into {@code out[outOff]} (may be the same array and offset). */
    public void encrypt(byte[] in, int inOff, byte[] out, int outOff) {
        run(ENGINES.get().encrypt.with(this), in, inOff, out, outOff);
    }

    /** Decrypts the 16 bytes at {@code in[inOff]} into {@code out[outOff]} (may be the same array and offset). */
    public void decrypt(byte[] in, int inOff, byte[] out, int outOff) {
        run(ENGINES.get().decrypt.with(this), in, inOff, out, outOff);
    }

    private static void run(Cipher cipher, byte[] in, int inOff, byte[] out, int outOff) {
        try {
            cipher.doFinal(in, inOff, BLOCK, out, outOff);
        } catch (GeneralSecurityException e) {
            // lengths are fixed at one block, so neither padding nor buffer size can fail
            throw new IllegalStateException("AES block operation failed", e);
        }
    }

    /** One thread's ciphers. */
    private static final class Engines {
        final Engine encrypt = new Engine(Cipher.ENCRYPT_MODE);
        final Engine decrypt = new Engine(Cipher.DECRYPT_MODE);
    }

    /** One thread's cipher for one direction, and the key it is set to. */
    private static final class Engine {
        private final int mode;
        private final Cipher cipher;
        private Aes128 keyOf;

        Engine(int mode) {
            this.mode = mode;
            try {
                cipher = Cipher.getInstance("AES/ECB/NoPadding");
            } catch (GeneralSecurityException e) {
                // AES/ECB/NoPadding is mandatory on every Java SE platform (javax.crypto.Cipher Javadoc)
                throw new IllegalStateException("AES unavailable", e);
            }
        }

        Cipher with(Aes128 aes) {
            if (keyOf != aes) {
                try {
                    cipher.init(mode, aes.key);
                } catch (InvalidKeyException e) {
                    // the constructor admits 16-byte keys only, which every platform's AES takes
                    throw new IllegalStateException("AES refused a 16-byte key", e);
                }
                keyOf = aes;
            }
            return cipher;
        }
    }
}
