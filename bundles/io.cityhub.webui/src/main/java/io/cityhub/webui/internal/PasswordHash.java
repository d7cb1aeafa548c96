package io.cityhub.webui.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted PBKDF2-HMAC-SHA256 password hash, as kept in the credentials file:
 * {@code pbkdf2-sha256:<iterations>:<salt, base64>:<hash, base64>}. Public for {@code ./cityhub ui-password}, which
 * writes the file with the same code outside OSGi.
 */
public final class PasswordHash {

    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; kept in the file, so a gateway can be given fewer or more. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    /** Below this a stored hash is refused as too weak. */
    static final int MIN_ITERATIONS = 1_000;
    /** Above this one login would take minutes on a Pi. */
    static final int MAX_ITERATIONS = 10_000_000;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /**
     * @param password the password, not null, not empty; the caller wipes it
     * @param iterations PBKDF2 iterations, within [{@value #MIN_ITERATIONS}, {@value #MAX_ITERATIONS}]
     * @param random the salt's source
     * @return the hash with a new random salt
     * @throws IllegalArgumentException if the password is empty or the iterations out of range
     */
    public static PasswordHash create(char[] password, int iterations, SecureRandom random) {
        Objects.requireNonNull(password, "password");
        if (password.length == 0) {
            throw new IllegalArgumentException("the password must not be empty");
        }
        checkIterations(iterations);
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations));
    }

    /**
     * @param encoded the stored form
     * @return the hash
     * @throws IllegalArgumentException saying what is wrong (never echoing the hash)
     */
    public static PasswordHash parse(String encoded) {
        String[] parts = encoded.strip().split(":", -1);
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            throw new IllegalArgumentException("expected " + SCHEME + ":<iterations>:<salt>:<hash>");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("iterations '" + parts[1] + "' is not a number");
        }
        checkIterations(iterations);
        byte[] salt;
        byte[] hash;
        try {
            salt = Base64.getDecoder().decode(parts[2]);
            hash = Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("salt or hash is not base64");
        }
        if (salt.length < 8 || hash.length != HASH_BITS / 8) {
            throw new IllegalArgumentException("salt shorter than 8 bytes or hash not " + HASH_BITS / 8 + " bytes");
        }
        return new PasswordHash(iterations, salt, hash);
    }

    private static void checkIterations(int iterations) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations " + iterations + " outside [" + MIN_ITERATIONS + ", "
                    + MAX_ITERATIONS + "]");
        }
    }

    /**
     * Compares in constant time (for a given iteration count): the whole hash is derived and compared, whatever
     * the password.
     *
     * @param password the candidate, not null; the caller wipes it
     * @return whether it is the password
     */
    public boolean matches(char[] password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations));
    }

    /** @return the stored form */
    public String encoded() {
        Base64.Encoder base64 = Base64.getEncoder();
        return SCHEME + ":" + iterations + ":" + base64.encodeToString(salt) + ":" + base64.encodeToString(hash);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret((KeySpec) spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM offers no PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }

    @Override
    public String toString() {
        return SCHEME + " (" + iterations + " iterations)";
    }
}
