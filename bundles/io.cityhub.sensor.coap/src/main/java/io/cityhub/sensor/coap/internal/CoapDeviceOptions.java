package io.cityhub.sensor.coap.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.crypto.CryptoService;

/**
 * Validated configuration of one CoAP device. Public only for tests; the package is not exported. The key is never
 * part of {@link #toString()}.
 *
 * @param sensorId sensor id of its readings
 * @param identity DTLS PSK identity, empty for a plain-CoAP device
 * @param psk the pre-shared key, empty for a plain-CoAP device; not copied
 * @param profileId device-profile id, empty for none
 * @param channel channel of a text/plain number without a profile, empty for none
 * @param unit unit of a text/plain number without a profile
 * @param reportingInterval how often it reports, {@link Duration#ZERO} if not watched
 * @param publicKey its raw public key (DER SubjectPublicKeyInfo, RFC 7250), empty for none; not copied
 * @param certificateName its X.509 certificate's subject as configured (a CN, or a DN), empty for none
 */
public record CoapDeviceOptions(String sensorId, String identity, byte[] psk, String profileId, String channel,
        String unit, Duration reportingInterval, byte[] publicKey, String certificateName) {

    /** A device without raw public key or certificate (pre-shared key or plain CoAP). */
    public CoapDeviceOptions(String sensorId, String identity, byte[] psk, String profileId, String channel,
            String unit, Duration reportingInterval) {
        this(sensorId, identity, psk, profileId, channel, unit, reportingInterval, new byte[0], "");
    }

    /** Metatype and code bound of {@code sensor.id}. */
    static final int MAX_SENSOR_ID_CHARS = 64;
    /** Code bound of {@code psk}: shorter keys are guessable offline from one recorded handshake. */
    static final int MIN_PSK_BYTES = 8;
    /** Code bound of {@code psk}: RFC 4279 §5.3 asks every implementation to take keys up to 64 bytes. */
    static final int MAX_PSK_BYTES = 64;
    /** Metatype and code bound of {@code reporting.interval.seconds}. */
    static final int MIN_INTERVAL_SECONDS = 0;
    /** Metatype and code bound of {@code reporting.interval.seconds}: a week. */
    static final int MAX_INTERVAL_SECONDS = 604_800;

    private static final String NAME = "[A-Za-z0-9._-]{1," + MAX_SENSOR_ID_CHARS + "}";

    /**
     * @param config the component's configuration
     * @param crypto decrypts the key (Kura hands Password attributes over encrypted)
     * @return the validated options
     * @throws IllegalArgumentException {@code <PID>: attribute '<name>' has invalid value '<value>'; expected <what>}
     */
    static CoapDeviceOptions from(CoapDeviceConfig config, CryptoService crypto) {
        String sensorId = trim(config.sensor_id());
        if (!sensorId.matches(NAME)) {
            throw invalid("sensor.id", sensorId, "1 to " + MAX_SENSOR_ID_CHARS + " letters, digits, '.', '_' or '-'");
        }
        String identity = trim(config.identity());
        if (identity.length() > MAX_SENSOR_ID_CHARS * 2 || identity.chars().anyMatch(Character::isISOControl)) {
            throw invalid("identity", identity, "up to " + MAX_SENSOR_ID_CHARS * 2 + " printable characters");
        }
        byte[] psk = decrypt(crypto, config.psk());
        if (identity.isEmpty() && psk.length > 0) {
            throw new IllegalArgumentException(CoapDevice.PID + ": attribute 'identity' has invalid value ''; expected"
                    + " the DTLS identity that goes with the pre-shared key");
        }
        if (!identity.isEmpty() && (psk.length < MIN_PSK_BYTES || psk.length > MAX_PSK_BYTES)) {
            throw invalid("psk", "********", MIN_PSK_BYTES + " to " + MAX_PSK_BYTES + " bytes of key for identity '"
                    + identity + "' (the value is not shown)");
        }
        int interval = config.reporting_interval_seconds();
        if (interval < MIN_INTERVAL_SECONDS || interval > MAX_INTERVAL_SECONDS) {
            throw invalid("reporting.interval.seconds", interval,
                    "an integer from " + MIN_INTERVAL_SECONDS + " to " + MAX_INTERVAL_SECONDS);
        }
        String channel = trim(config.channel());
        if (!channel.isEmpty() && !channel.matches(NAME)) {
            throw invalid("channel", channel, "empty, or letters, digits, '.', '_' or '-'");
        }
        String key = trim(config.public_key());
        byte[] publicKey;
        try {
            publicKey = key.isEmpty() ? new byte[0] : PemCredentials.publicKey(key, "public.key").getEncoded();
        } catch (IllegalArgumentException e) {
            throw invalid("public.key", key.length() <= 60 ? key : key.substring(0, 57) + "...",
                    "an EC or Ed25519 public key as PEM or base64 SubjectPublicKeyInfo (" + e.getMessage() + ")");
        }
        String certificateName = trim(config.certificate_name());
        if (!certificateName.isEmpty()) {
            try {
                DeviceDirectory.certificateKey(certificateName);
            } catch (IllegalArgumentException e) {
                throw invalid("certificate.name", certificateName, "a common name, or a subject DN such as"
                        + " CN=meter-7,O=City (" + e.getMessage() + ")");
            }
        }
        return new CoapDeviceOptions(sensorId, identity, psk, trim(config.profile_id()), channel,
                trim(config.unit()), Duration.ofSeconds(interval), publicKey, certificateName);
    }

    /** @return whether the device has a DTLS PSK identity */
    boolean hasIdentity() {
        return !identity.isEmpty();
    }

    /** @return whether the device has a raw public key */
    boolean hasPublicKey() {
        return publicKey.length > 0;
    }

    /** @return whether the device authenticates with an X.509 certificate */
    boolean hasCertificate() {
        return !certificateName.isEmpty();
    }

    /** @return whether the device authenticates with DTLS (PSK, raw public key or X.509), so never over plain CoAP */
    boolean usesDtls() {
        return hasIdentity() || hasPublicKey() || hasCertificate();
    }

    /** @return the profile id, if one is configured */
    Optional<String> profile() {
        return profileId.isEmpty() ? Optional.empty() : Optional.of(profileId);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CoapDeviceOptions o && sensorId.equals(o.sensorId) && identity.equals(o.identity)
                && Arrays.equals(psk, o.psk) && profileId.equals(o.profileId) && channel.equals(o.channel)
                && unit.equals(o.unit) && reportingInterval.equals(o.reportingInterval)
                && Arrays.equals(publicKey, o.publicKey) && certificateName.equals(o.certificateName);
    }

    @Override
    public int hashCode() {
        return sensorId.hashCode();
    }

    @Override
    public String toString() {
        return "CoAP device " + sensorId + (usesDtls() ? "" : " (plain CoAP)")
                + (identity.isEmpty() ? "" : " (DTLS identity " + identity + ")")
                + (hasPublicKey() ? " (DTLS raw public key)" : "")
                + (certificateName.isEmpty() ? "" : " (DTLS certificate " + certificateName + ")")
                + (profileId.isEmpty() ? "" : ", profile " + profileId)
                + (reportingInterval.isZero() ? "" : ", reports every " + reportingInterval.toSeconds() + " s");
    }

    /** A value that does not decrypt is refused, never taken as plaintext (as the uplink does; notes/kura.md §1.3). */
    private static byte[] decrypt(CryptoService crypto, String value) {
        if (value == null || value.isEmpty()) {
            return new byte[0];
        }
        try {
            char[] plain = crypto.decryptAes(value.toCharArray());
            byte[] key = new String(plain).getBytes(StandardCharsets.UTF_8);
            Arrays.fill(plain, '\0');
            return key;
        } catch (KuraException e) {
            throw new IllegalArgumentException(CoapDevice.PID + ": attribute 'psk' has invalid value '********';"
                    + " expected a value encrypted by this gateway's CryptoService (decryption failed: " + e.getCode()
                    + "; the value is not shown)", e);
        }
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }

    private static IllegalArgumentException invalid(String attribute, Object value, String expected) {
        return new IllegalArgumentException(CoapDevice.PID + ": attribute '" + attribute + "' has invalid value '"
                + value + "'; expected " + expected);
    }
}
