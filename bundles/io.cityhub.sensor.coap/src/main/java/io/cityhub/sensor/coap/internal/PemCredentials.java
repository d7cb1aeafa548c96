package io.cityhub.sensor.coap.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads keys and certificates given as PEM text (RFC 7468) or as the path of a PEM file. Line breaks in the text may
 * be blanks, as a one-line field of the Kura web UI leaves them. Keys: EC (P-256, P-384) and Ed25519, the key types
 * Scandium's ECDHE_ECDSA cipher suites sign with.
 */
final class PemCredentials {

    /** Key algorithms tried in order; the JDK's own providers know all three. */
    private static final List<String> KEY_ALGORITHMS = List.of("EC", "Ed25519", "EdDSA");
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    /** One PEM block: its label (e.g. {@code CERTIFICATE}) and the bytes it holds. */
    record Block(String label, byte[] der) {
    }

    private PemCredentials() {
    }

    /**
     * @param value PEM text, or the path of a PEM file (a value without {@code -----BEGIN})
     * @param what names the attribute in error messages
     * @return its blocks in order, never empty
     * @throws IllegalArgumentException if the file cannot be read or holds no PEM block
     */
    static List<Block> blocks(String value, String what) {
        String text = value.trim();
        if (!text.contains("-----BEGIN")) {
            try {
                text = Files.readString(Path.of(text), StandardCharsets.US_ASCII);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(what + ": neither PEM text nor a readable PEM file (" + e + ")", e);
            }
        }
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            try {
                blocks.add(new Block(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2).trim())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + ": PEM block " + matcher.group(1) + " is not base64", e);
            }
        }
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException(what + ": no PEM block (-----BEGIN ...----- ... -----END ...-----)");
        }
        return blocks;
    }

    /** @throws IllegalArgumentException unless {@code value} holds one PKCS#8 private key of a known type */
    static PrivateKey privateKey(String value, String what) {
        for (Block block : blocks(value, what)) {
            if (block.label().equals("PRIVATE KEY")) {
                for (String algorithm : KEY_ALGORITHMS) {
                    try {
                        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(block.der()));
                    } catch (GeneralSecurityException e) {
                        // not this algorithm; the next one is tried
                    }
                }
                throw new IllegalArgumentException(what + ": the private key is neither EC nor Ed25519");
            }
            if (block.label().endsWith("PRIVATE KEY")) {
                throw new IllegalArgumentException(what + ": '" + block.label() + "' is not PKCS#8; convert it with"
                        + " 'openssl pkcs8 -topk8 -nocrypt' (BEGIN PRIVATE KEY)");
            }
        }
        throw new IllegalArgumentException(what + ": no PRIVATE KEY block");
    }

    /** @return the certificates in {@code value}, in order, empty if it holds none */
    static List<X509Certificate> certificates(String value, String what) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Block block : blocks(value, what)) {
            if (block.label().equals("CERTIFICATE")) {
                try {
                    certificates.add((X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(block.der())));
                } catch (CertificateException e) {
                    throw new IllegalArgumentException(what + ": a CERTIFICATE block does not parse: " + e.getMessage(),
                            e);
                }
            }
        }
        return certificates;
    }

    /**
     * @param value PEM text with a {@code PUBLIC KEY} block, or the base64 of a SubjectPublicKeyInfo (one line)
     * @return the public key
     * @throws IllegalArgumentException unless it holds an EC or Ed25519 public key
     */
    static PublicKey publicKey(String value, String what) {
        byte[] der;
        String text = value.trim();
        if (text.contains("-----BEGIN")) {
            der = blocks(text, what).stream().filter(b -> b.label().equals("PUBLIC KEY")).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(what + ": no PUBLIC KEY block")).der();
        } else {
            try {
                der = Base64.getMimeDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + ": neither a PEM PUBLIC KEY nor base64", e);
            }
        }
        return publicKey(der, what);
    }

    /** @return the public key of a DER SubjectPublicKeyInfo */
    static PublicKey publicKey(byte[] der, String what) {
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm; the next one is tried
            }
        }
        throw new IllegalArgumentException(what + ": not an EC or Ed25519 public key (SubjectPublicKeyInfo)");
    }
}
