package io.cityhub.sensor.coap.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One CoAP device (Kura web UI: "+" on "cityhub CoAP device"). Every min/max is a {@link CoapDeviceOptions} constant,
 * the same one activation checks.
 */
@ObjectClassDefinition(id = CoapDevice.PID, name = "cityhub CoAP device",
        description = "A sensor that posts readings to the gateway's CoAP server: its sensor id, its DTLS identity and"
                + " pre-shared key, its device profile and how often it reports. Takes effect after a restart of the"
                + " component (saving restarts it); a device's open DTLS session stays valid until it ends.")
@interface CoapDeviceConfig {

    @AttributeDefinition(name = "Sensor id",
            description = "Sensor id of its readings, unique on this gateway: letters, digits and . _ - (1 to "
                    + CoapDeviceOptions.MAX_SENSOR_ID_CHARS + " characters). A device with an identity may post only"
                    + " as this id.")
    String sensor_id();

    @AttributeDefinition(name = "DTLS identity", required = false,
            description = "PSK identity the device presents in the DTLS handshake (RFC 4279), e.g. its serial number;"
                    + " empty: the device posts over plain CoAP only. A device with an identity is refused on plain"
                    + " CoAP (4.01).")
    String identity() default "";

    @AttributeDefinition(name = "DTLS pre-shared key", type = AttributeType.PASSWORD, required = false,
            description = "The key shared with the device, as the text the device is given (its UTF-8 bytes are the"
                    + " key), " + CoapDeviceOptions.MIN_PSK_BYTES + " to " + CoapDeviceOptions.MAX_PSK_BYTES
                    + " bytes. Required when an identity is set. Stored encrypted, never logged.")
    String psk() default "";

    @AttributeDefinition(name = "DTLS raw public key", required = false,
            description = "The device's public key for DTLS with raw public keys (RFC 7250): PEM (-----BEGIN PUBLIC"
                    + " KEY-----, line breaks may be blanks) or the base64 of its SubjectPublicKeyInfo; EC P-256/P-384"
                    + " or Ed25519. The device handshakes with its private key and posts as this sensor. Needs the"
                    + " server's 'DTLS private key'. Empty: none.")
    String public_key() default "";

    @AttributeDefinition(name = "DTLS certificate name", required = false,
            description = "The subject of the device's X.509 certificate: its common name (e.g. meter-7) or its full"
                    + " subject DN in RFC 2253 order (e.g. O=City,CN=meter-7, as openssl x509 -noout -subject -nameopt"
                    + " RFC2253 prints it). The certificate must chain to the server's 'DTLS trusted"
                    + " CA certificates'; the device then posts as this sensor. Empty: none.")
    String certificate_name() default "";

    @AttributeDefinition(name = "Device profile", required = false,
            description = "Device-profile id: its codec decodes application/octet-stream (42) bodies, its first"
                    + " channel names a text/plain (0) number. Empty: no profile.")
    String profile_id() default "";

    @AttributeDefinition(name = "Channel", required = false,
            description = "Channel of a text/plain (0) number when the device has no profile, e.g. temperature.")
    String channel() default "";

    @AttributeDefinition(name = "Unit", required = false,
            description = "SenML/UCUM unit of a text/plain (0) number when the device has no profile, e.g. Cel.")
    String unit() default "";

    @AttributeDefinition(name = "Reporting interval (s)", min = "" + CoapDeviceOptions.MIN_INTERVAL_SECONDS,
            max = "" + CoapDeviceOptions.MAX_INTERVAL_SECONDS,
            description = "How often the device reports. When it stays silent for longer than the server's"
                    + " 'silent after' multiple of this, a sensor-silent event is raised once. 0: not watched.")
    int reporting_interval_seconds() default 0;
}
