package io.cityhub.sensor.coap.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * CoAP server for sensors (Kura web UI: "cityhub CoAP sensor server"). Every min/max is a {@link CoapOptions}
 * constant, the same one activation checks. No attribute may be empty, so all are required (Kura's default).
 */
@ObjectClassDefinition(id = CoapSensorServer.PID, name = "cityhub CoAP sensor server",
        description = "Takes SenML readings by CoAP POST to /readings or /readings/{sensorId} and answers once they are"
                + " durable.")
@interface CoapSensorServerConfig {

    /** Shown with every attribute that the open socket cannot change. */
    String RESTART = " Takes effect by restarting the CoAP socket at once; answers pending on the old socket are lost"
            + " (sensors retransmit).";
    /** Shown with every attribute that applies at once. */
    String LIVE = " Applies at once, without a restart.";

    @AttributeDefinition(name = "Plain CoAP", description = "Whether plain CoAP (no DTLS) listens on the bind"
            + " address and port. Switch it off when every sensor uses DTLS; at least one of plain CoAP and DTLS must"
            + " be on." + RESTART)
    boolean coap_enabled() default true;

    @AttributeDefinition(name = "Bind address",
            description = "Local IP address to listen on; 0.0.0.0 for all IPv4 interfaces, :: for all interfaces."
                    + RESTART)
    String bind_address() default "0.0.0.0";

    @AttributeDefinition(name = "Port", min = "" + CoapOptions.MIN_PORT, max = "" + CoapOptions.MAX_PORT,
            description = "UDP port (RFC 7252: 5683). 0 picks a free port (tests only)." + RESTART)
    int port() default 5683;

    @AttributeDefinition(name = "Max payload (bytes)", min = "" + CoapOptions.MIN_PAYLOAD_BYTES,
            max = "" + CoapOptions.MAX_PAYLOAD_BYTES,
            description = "Largest request body taken; larger ones are answered 4.13 with Size1 = this value. A body of"
                    + " up to about 65,000 bytes may come in one UDP datagram (UDP carries at most 65,507 bytes over"
                    + " IPv4, CoAP header included); a larger body must be sent block-wise (RFC 7959 Block1), which"
                    + " this limit also applies to." + LIVE)
    int max_payload_bytes() default 4096;

    @AttributeDefinition(name = "Clock synchronised",
            description = "Whether the gateway clock is known to be synchronised (NTP/GNSS). Readings stamped with the"
                    + " receive time carry SYNCHRONISED if true, UNSYNCHRONISED if false." + LIVE)
    boolean clock_synchronised() default false;

    @AttributeDefinition(name = "Retry after (s)", min = "" + CoapOptions.MIN_BUSY_MAX_AGE_SECONDS,
            max = "" + CoapOptions.MAX_BUSY_MAX_AGE_SECONDS,
            description = "Max-Age of the 5.03 answer when the outbox cannot take readings: when the sensor should"
                    + " retry." + LIVE)
    int busy_max_age_seconds() default 30;

    @AttributeDefinition(name = "Max remembered peers", min = "" + CoapOptions.MIN_ACTIVE_PEERS,
            max = "" + CoapOptions.MAX_ACTIVE_PEERS,
            description = "How many sensors (address and port) the server remembers recent requests of, to answer a "
                    + "retransmitted request without taking its readings twice. Each costs up to 14 KB of memory "
                    + "(its last 4 requests and answers); the least recently heard is forgotten first." + RESTART)
    int max_active_peers() default 512;

    @AttributeDefinition(name = "Receive buffer (bytes)", min = "" + CoapOptions.MIN_RECEIVE_BUFFER_BYTES,
            max = "" + CoapOptions.MAX_RECEIVE_BUFFER_BYTES,
            description = "UDP receive buffer (SO_RCVBUF) the server asks the kernel for. It holds the requests that"
                    + " arrive while the server is busy; when it is full the kernel drops requests and the sensors"
                    + " retransmit after about 2 s. 4 MiB holds thousands of small requests. Linux caps it at"
                    + " net.core.rmem_max (often 212992); the server logs the size it got." + RESTART)
    int receive_buffer_bytes() default CoapOptions.DEFAULT_RECEIVE_BUFFER_BYTES;

    @AttributeDefinition(name = "DTLS (CoAPS)",
            description = "Whether CoAPS (DTLS 1.2 with pre-shared keys, RFC 7252 §9) listens on the DTLS bind address"
                    + " and port. Devices and their keys are the 'cityhub CoAP device' configurations." + RESTART)
    boolean dtls_enabled() default false;

    @AttributeDefinition(name = "DTLS bind address",
            description = "Local IP address CoAPS listens on; 0.0.0.0 for all IPv4 interfaces, :: for all." + RESTART)
    String dtls_bind_address() default "0.0.0.0";

    @AttributeDefinition(name = "DTLS port", min = "" + CoapOptions.MIN_PORT, max = "" + CoapOptions.MAX_PORT,
            description = "UDP port of CoAPS (RFC 7252: 5684). 0 picks a free port (tests only)." + RESTART)
    int dtls_port() default 5684;

    @AttributeDefinition(name = "DTLS private key", type = AttributeType.PASSWORD, required = false,
            description = "The gateway's own private key for devices that use raw public keys (RFC 7250) or X.509"
                    + " certificates instead of pre-shared keys: PKCS#8 PEM (-----BEGIN PRIVATE KEY-----; line breaks"
                    + " may be blanks), EC P-256/P-384 or Ed25519, or the path of such a file. Stored encrypted, never"
                    + " logged. Empty: pre-shared keys only." + RESTART)
    String dtls_private_key() default "";

    @AttributeDefinition(name = "DTLS certificate", required = false,
            description = "Goes with the DTLS private key: the gateway's X.509 certificate chain (PEM, its own"
                    + " certificate first), or only its public key (-----BEGIN PUBLIC KEY-----) for raw public keys;"
                    + " or the path of such a PEM file." + RESTART)
    String dtls_certificate() default "";

    @AttributeDefinition(name = "DTLS trusted CA certificates", required = false,
            description = "CA certificates (PEM, or the path of a PEM file) that devices' X.509 certificates must"
                    + " chain to; a device is then known by its certificate's subject ('DTLS certificate name' of a"
                    + " CoAP device). Empty: no X.509 devices. Raw public keys are trusted per device." + RESTART)
    String dtls_trusted_certificates() default "";

    @AttributeDefinition(name = "Silent after (intervals)", min = "" + CoapOptions.MIN_SILENT_AFTER_INTERVALS,
            max = "" + CoapOptions.MAX_SILENT_AFTER_INTERVALS,
            description = "A device with a reporting interval that stays silent for longer than this many intervals"
                    + " raises one sensor-silent event, and sensor-back when it reports again." + LIVE)
    int silent_after_intervals() default 3;

    @AttributeDefinition(name = "Rate limit (requests/min)", min = "" + CoapOptions.MIN_RATE_PER_MINUTE,
            max = "" + CoapOptions.MAX_RATE_PER_MINUTE,
            description = "Requests one device (its sensor id, or its address if unknown) may send per minute on"
                    + " average; more are answered 4.29 Too Many Requests with Max-Age = seconds until it may send"
                    + " again. 0: no limit." + LIVE)
    int rate_limit_per_minute() default 0;

    @AttributeDefinition(name = "Rate limit burst", min = "" + CoapOptions.MIN_RATE_BURST,
            max = "" + CoapOptions.MAX_RATE_BURST,
            description = "Requests one device may send at once before the rate limit applies." + LIVE)
    int rate_limit_burst() default 10;

    @AttributeDefinition(name = "ACK delay (ms)", min = "" + CoapOptions.MIN_ACK_DELAY_MILLIS,
            max = "" + CoapOptions.MAX_ACK_DELAY_MILLIS,
            description = "How long a confirmable POST's acknowledgement waits for the readings to be durable, so the"
                    + " answer rides on it: two datagrams per request instead of four. A slower answer is sent"
                    + " separately after an empty acknowledgement at this delay. 0 acknowledges at once; stay well"
                    + " below the sensors' ACK_TIMEOUT (2,000 ms by default)." + LIVE)
    int ack_delay_ms() default CoapOptions.DEFAULT_ACK_DELAY_MILLIS;
}
