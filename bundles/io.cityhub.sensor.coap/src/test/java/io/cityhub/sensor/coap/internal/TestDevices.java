package io.cityhub.sensor.coap.internal;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import org.eclipse.kura.crypto.CryptoService;

/** Device configurations for tests, as SCR builds them from a factory configuration. */
final class TestDevices {

    /** Decrypts by dropping a prefix, so a value not "encrypted" by it fails as in Kura. */
    static final CryptoService CRYPTO = new CryptoService() {
        @Override
        public char[] decryptAes(char[] encryptedValue) throws org.eclipse.kura.KuraException {
            String text = new String(encryptedValue);
            if (!text.startsWith("enc:")) {
                throw new org.eclipse.kura.KuraException(org.eclipse.kura.KuraErrorCode.CONFIGURATION_ERROR);
            }
            return text.substring(4).toCharArray();
        }

        @Override
        public char[] encryptAes(char[] value) {
            return ("enc:" + new String(value)).toCharArray();
        }
    };

    private TestDevices() {
    }

    /** A device configuration with every attribute given. */
    record Config(String sensor_id, String identity, String psk, String profile_id, String channel, String unit,
            int reporting_interval_seconds, String public_key, String certificate_name) implements CoapDeviceConfig {

        /** Without raw public key or certificate. */
        Config(String sensor_id, String identity, String psk, String profile_id, String channel, String unit,
                int reporting_interval_seconds) {
            this(sensor_id, identity, psk, profile_id, channel, unit, reporting_interval_seconds, "", "");
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return CoapDeviceConfig.class;
        }
    }

    /** @return a DTLS device with this identity and key (plain text; encrypted here as Kura would) */
    static CoapDevice dtls(String sensorId, String identity, String key) {
        return new CoapDevice(new Config(sensorId, identity, "enc:" + key, "", "", "", 0), CRYPTO);
    }

    /** @return a device that handshakes with this raw public key (PEM or base64 SubjectPublicKeyInfo) */
    static CoapDevice rawPublicKey(String sensorId, String publicKey) {
        return new CoapDevice(new Config(sensorId, "", "", "", "", "", 0, publicKey, ""), CRYPTO);
    }

    /** @return a device that handshakes with an X.509 certificate of this subject (CN or DN) */
    static CoapDevice certificate(String sensorId, String certificateName) {
        return new CoapDevice(new Config(sensorId, "", "", "", "", "", 0, "", certificateName), CRYPTO);
    }

    /** @return a plain-CoAP device with a channel for text/plain numbers and a reporting interval */
    static CoapDevice plain(String sensorId, String profileId, String channel, String unit, int intervalSeconds) {
        return new CoapDevice(new Config(sensorId, "", "", profileId, channel, unit, intervalSeconds), CRYPTO);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
