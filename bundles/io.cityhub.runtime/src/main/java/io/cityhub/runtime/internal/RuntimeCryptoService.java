package io.cityhub.runtime.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.crypto.CryptoService;

/**
 * The standalone runtime's {@link CryptoService}: AES-256-GCM under the gateway's key, which
 * {@link RuntimeKeyFile} keeps in the data directory (made at random at the first start, mode 0600).
 *
 * <p>Why it encrypts: inside Kura, Password attributes reach ConfigurationAdmin encrypted with Kura's
 * CryptoService, and components decrypt them (notes/kura.md §1.3). The standalone runtime does the same
 * ({@link ConfigurationPusher} encrypts every Password value of the snapshot with this service), so a Password
 * value is plaintext only inside the component that decrypts it. Everything that prints a configuration or a
 * component's service properties — SCR's warnings when an activation fails, a ConfigAdmin dump — shows ciphertext.
 *
 * <p>The key outlives a run because the runtime's own snapshots ({@link SnapshotPersister}) keep Password values
 * as this service's ciphertext: a value encrypted in one run decrypts in the next. A value encrypted under another
 * key (a lost or replaced key file, or Kura's) does not decrypt: {@link #decryptAes} throws, and components refuse
 * the attribute rather than use it as plaintext.
 *
 * <p>Format of a value: base64 (standard alphabet, padded) of a 12-byte random nonce followed by the GCM output
 * (ciphertext and 16-byte tag) of the value's UTF-8 bytes. Encrypting the same value twice gives different text.
 *
 * <p>Inside Kura this bundle is never installed: Kura's own CryptoService is used.
 */
public final class RuntimeCryptoService implements CryptoService {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int KEY_BITS = 256;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Length of a key in bytes (AES-256). */
    static final int KEY_BYTES = KEY_BITS / 8;

    private final SecretKey key;
    private final SecureRandom random;

    private RuntimeCryptoService(SecretKey key, SecureRandom random) {
        this.key = key;
        this.random = random;
    }

    /**
     * @return a service with a new random key
     * @throws IllegalStateException if the JVM offers no AES (every Java 17 JVM does)
     */
    public static RuntimeCryptoService withRandomKey() {
        SecureRandom random = new SecureRandom();
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(KEY_BITS, random);
            return new RuntimeCryptoService(generator.generateKey(), random);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make a " + KEY_BITS + "-bit AES key", e);
        }
    }

    /**
     * @param key the AES-256 key, exactly {@value #KEY_BYTES} bytes; copied, so the caller may wipe it
     * @return a service that encrypts and decrypts under that key
     * @throws IllegalArgumentException if the key has another length
     */
    static RuntimeCryptoService withKey(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("an AES-256 key has " + KEY_BYTES + " bytes, not " + key.length);
        }
        return new RuntimeCryptoService(new SecretKeySpec(key, "AES"), new SecureRandom());
    }

    /**
     * @param value the plain text, not null
     * @return base64 of nonce and GCM output; a new array the caller may wipe
     * @throws KuraException ({@link KuraErrorCode#INVALID_PARAMETER}) if {@code value} is not valid UTF-16 text,
     *     ({@link KuraErrorCode#INTERNAL_ERROR}) if the JVM's cipher fails
     */
    @Override
    public char[] encryptAes(char[] value) throws KuraException {
        Objects.requireNonNull(value, "value");
        byte[] plain = encode(value);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = new byte[NONCE_BYTES + cipher.getOutputSize(plain.length)];
            System.arraycopy(nonce, 0, sealed, 0, NONCE_BYTES);
            cipher.doFinal(plain, 0, plain.length, sealed, NONCE_BYTES);
            return new String(Base64.getEncoder().encode(sealed), StandardCharsets.US_ASCII).toCharArray();
        } catch (GeneralSecurityException e) {
            throw new KuraException(KuraErrorCode.INTERNAL_ERROR, e, "AES-GCM encryption failed");
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * @param encryptedValue a value {@link #encryptAes} of this instance made, not null
     * @return the plain text; a new array the caller may wipe
     * @throws KuraException ({@link KuraErrorCode#INVALID_PARAMETER}) if the value was not made by this instance
     *     (not base64, too short, altered, another key); the message never contains the value
     */
    @Override
    public char[] decryptAes(char[] encryptedValue) throws KuraException {
        Objects.requireNonNull(encryptedValue, "encryptedValue");
        byte[] sealed;
        try {
            // the text is ciphertext, not a secret: a String copy of it is harmless
            sealed = Base64.getDecoder().decode(new String(encryptedValue));
        } catch (IllegalArgumentException e) {
            throw notOurs("not base64");
        }
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw notOurs("too short");
        }
        byte[] plain = null;
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            plain = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
            return decode(plain);
        } catch (GeneralSecurityException e) {
            throw notOurs("authentication failed");
        } catch (CharacterCodingException e) {
            throw notOurs("not UTF-8");
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private static KuraException notOurs(String why) {
        return new KuraException(KuraErrorCode.INVALID_PARAMETER,
                "not a value encrypted by this runtime's CryptoService (" + why + ")");
    }

    private static byte[] encode(char[] value) throws KuraException {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer bytes = encoder.encode(CharBuffer.wrap(value));
            byte[] out = Arrays.copyOfRange(bytes.array(), bytes.position(), bytes.limit());
            Arrays.fill(bytes.array(), (byte) 0);
            return out;
        } catch (CharacterCodingException e) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "the value is not valid UTF-16 text");
        }
    }

    private static char[] decode(byte[] plain) throws CharacterCodingException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars = decoder.decode(ByteBuffer.wrap(plain));
        char[] out = Arrays.copyOfRange(chars.array(), chars.position(), chars.limit());
        Arrays.fill(chars.array(), '\0');
        return out;
    }
}
