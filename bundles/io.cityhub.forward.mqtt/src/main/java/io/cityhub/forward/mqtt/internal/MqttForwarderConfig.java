package io.cityhub.forward.mqtt.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of the uplink, as shown in Kura's web UI. Rate caps, the health interval and SPaT publication apply
 * live (the MQTT connection stays up); changing anything else makes the component close its uplink and reconnect
 * with the new values (SCR does not restart it), as each description says. Min/max come from the constants
 * {@link MqttForwarderOptions} checks against. Attributes that may be empty are {@code required = false} (Kura
 * treats an AD without it as required).
 */
@ObjectClassDefinition(id = MqttForwarder.PID, name = "cityhub MQTT uplink",
        description = "Forwards buffered readings to the regional platform over MQTT 3.1.1 and answers its requests.")
@interface MqttForwarderConfig {

    /** Appended to the description of every attribute that the running uplink cannot apply live. */
    String RECONNECT = " Applying a change closes the MQTT connection and reconnects with the new value; nothing "
            + "unacknowledged is lost.";

    @AttributeDefinition(
            name = "Gateway id",
            description = "Gateway id: MQTT client id (persistent session) and second topic level; unique per gateway."
                    + RECONNECT)
    String gateway_id() default "cityhub-gw";

    @AttributeDefinition(
            name = "Broker URIs",
            description =
                    "Comma-separated broker URIs, tried in order: tcp://host:1883 or ssl://host:8883." + RECONNECT)
    String broker_uris() default "tcp://127.0.0.1:1883";

    @AttributeDefinition(
            name = "Username",
            required = false,
            description = "MQTT username; empty for none." + RECONNECT)
    String username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
            description = "MQTT password; empty for none. Decrypted with Kura's CryptoService; a value that does not "
                    + "decrypt stops the component with an error naming this attribute (never used as plaintext)."
                    + RECONNECT)
    String password() default "";

    @AttributeDefinition(
            name = "CA certificate file",
            required = false,
            description =
                    "PEM file of the CA(s) that sign the broker certificate (ssl:// URIs); empty = JVM trust store."
                            + RECONNECT)
    String tls_ca_path() default "";

    @AttributeDefinition(name = "Client certificate file", required = false,
            description = "Client certificate for TLS client authentication: PEM chain, or PKCS#12 (.p12/.pfx); "
                    + "empty for none." + RECONNECT)
    String tls_client_cert_path() default "";

    @AttributeDefinition(name = "Client key file", required = false,
            description = "Unencrypted PKCS#8 PEM private key of a PEM client certificate; unused for PKCS#12; empty "
                    + "for none." + RECONNECT)
    String tls_client_key_path() default "";

    @AttributeDefinition(name = "Client keystore password", type = AttributeType.PASSWORD, required = false,
            description = "Password of a PKCS#12 client certificate file; empty for none. Decrypted with Kura's "
                    + "CryptoService; a value that does not decrypt stops the component with an error." + RECONNECT)
    String tls_client_keystore_password() default "";

    @AttributeDefinition(
            name = "Verify broker hostname",
            description =
                    "Check that the broker certificate names the host in the URI (RFC 6125). Keep on." + RECONNECT)
    boolean tls_hostname_verification() default true;

    @AttributeDefinition(name = "Topic prefix", description = "First topic level of every topic." + RECONNECT)
    String topic_prefix() default "cityhub";

    @AttributeDefinition(name = "Payload format", description = "Telemetry payload format." + RECONNECT, options = {
        @Option(label = "SenML JSON (RFC 8428)", value = "senml-json"),
        @Option(label = "SenML CBOR (RFC 8428)", value = "senml-cbor"),
        @Option(label = "Kura protobuf (KuraPayload)", value = "kura-protobuf")})
    String payload_format() default "senml-json";

    @AttributeDefinition(name = "Batch size", min = "" + MqttForwarderOptions.MIN_BATCH,
            max = "" + MqttForwarderOptions.MAX_BATCH,
            description =
                    "Readings taken from the buffer at once; acknowledged together after every PUBACK." + RECONNECT)
    int batch_size() default 2000;

    @AttributeDefinition(name = "Max message bytes", min = "" + MqttForwarderOptions.MIN_MESSAGE_BYTES,
            max = "" + MqttForwarderOptions.MAX_MESSAGE_BYTES,
            description =
                    "Upper bound of one telemetry payload; several readings share a message up to it." + RECONNECT)
    int message_max_bytes() default 16384;

    @AttributeDefinition(name = "In-flight window", min = "" + MqttForwarderOptions.MIN_WINDOW,
            max = "" + MqttForwarderOptions.MAX_WINDOW,
            description = "QoS 1 messages published and not yet acknowledged by the broker." + RECONNECT)
    int inflight_window() default 256;

    @AttributeDefinition(name = "Rate cap: messages/s", min = "" + MqttForwarderOptions.MIN_RATE,
            max = "" + MqttForwarderOptions.MAX_RATE_MESSAGES,
            description = "0 = unlimited. Applied live, without reconnecting.")
    double rate_messages_per_second() default 0;

    @AttributeDefinition(name = "Rate cap: bytes/s", min = "" + MqttForwarderOptions.MIN_RATE,
            max = "" + MqttForwarderOptions.MAX_RATE_BYTES,
            description = "Payload bytes per second; 0 = unlimited. Applied live, without reconnecting.")
    long rate_bytes_per_second() default 0;

    @AttributeDefinition(name = "Health interval (s)", min = "" + MqttForwarderOptions.MIN_STATUS_INTERVAL,
            max = "" + MqttForwarderOptions.MAX_STATUS_INTERVAL,
            description = "Period of the health message on <prefix>/<gateway>/health. Applied live, without "
                    + "reconnecting.")
    int status_interval_seconds() default 60;

    @AttributeDefinition(
            name = "Keep-alive (s)",
            min = "" + MqttForwarderOptions.MIN_KEEPALIVE,
            max = "" + MqttForwarderOptions.MAX_KEEPALIVE,
            description = "MQTT keep-alive; detects dead links." + RECONNECT)
    int keepalive_seconds() default 30;

    @AttributeDefinition(name = "PUBACK timeout (s)", min = "" + MqttForwarderOptions.MIN_PUBACK_TIMEOUT,
            max = "" + MqttForwarderOptions.MAX_PUBACK_TIMEOUT,
            description = "When published telemetry has waited this long for the broker's PUBACK and the broker "
                    + "acknowledges nothing else (or a later message is acknowledged first), the uplink releases "
                    + "the unacknowledged batches to the buffer (they are sent again, in order) and reconnects. "
                    + "Catches a stuck broker or a half-open path on which keep-alive pings still pass. "
                    + "0 (off) is not allowed: without it such a broker stalls the uplink forever while the "
                    + "backlog grows unnoticed. Keep it well above the time one message needs on the slowest link."
                    + RECONNECT)
    int puback_timeout_seconds() default 60;

    @AttributeDefinition(name = "Reconnect min delay (ms)", min = "" + MqttForwarderOptions.MIN_RECONNECT_MILLIS,
            max = "" + MqttForwarderOptions.MAX_RECONNECT_MILLIS,
            description = "First reconnect delay; doubles per failed attempt, with jitter." + RECONNECT)
    long reconnect_min_millis() default 1000;

    @AttributeDefinition(name = "Reconnect max delay (ms)", min = "" + MqttForwarderOptions.MIN_RECONNECT_MILLIS,
            max = "" + MqttForwarderOptions.MAX_RECONNECT_MILLIS,
            description =
                    "Ceiling of the reconnect delay; a value below the min delay means a constant delay of the min."
                            + RECONNECT)
    long reconnect_max_millis() default 60000;

    @AttributeDefinition(name = "Replay page size", min = "" + MqttForwarderOptions.MIN_REPLAY_PAGE,
            max = "" + MqttForwarderOptions.MAX_REPLAY_PAGE,
            description = "Readings per page of a replay response." + RECONNECT)
    int replay_page_size() default 200;

    @AttributeDefinition(name = "Publish SPaT",
            description = "Publish every change of each intersection's signal timing (SPaT) as JSON at QoS 0 on "
                    + "<prefix>/<gateway>/<SPaT topic>/<intersection>, for roadside apps; not stored (the traffic "
                    + "controller's telemetry copy is). Applied live, without reconnecting.")
    boolean spat_enabled() default true;

    @AttributeDefinition(name = "SPaT topic",
            description = "Topic levels under <prefix>/<gateway>/ for SPaT; the intersection's name is the last level. "
                    + "No wildcards or spaces; must not start with telemetry, events, status, health, req or res. "
                    + "Applied live, without reconnecting.")
    String spat_topic() default "spat";
}
