package io.cityhub.forward.mqtt.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of the uplink, as shown in Kura's web UI. */
@ObjectClassDefinition(id = MqttForwarder.PID, name = "cityhub MQTT uplink",
        description = "Forwards buffered readings to the regional platform over MQTT 3.1.1 and answers its requests.")
@interface MqttForwarderConfig {

    @AttributeDefinition(name = "Gateway id", description = "Gateway id: MQTT client id and second topic level.")
    String gateway_id() default "cityhub-gw";

    @AttributeDefinition(name = "Broker URIs",
            description = "Comma-separated broker URIs, tried in order: tcp://host:1883 or ssl://host:8883.")
    String broker_uris() default "tcp://127.0.0.1:1883";

    @AttributeDefinition(name = "Username", description = "MQTT username; empty for none.")
    String username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD,
            description = "MQTT password; empty for none. Decrypted with Kura's CryptoService.")
    String password() default "";

    @AttributeDefinition(name = "CA certificate file",
            description = "PEM file of the CA(s) that sign the broker certificate (ssl:// URIs); empty = JVM trust store.")
    String tls_ca_path() default "";

    @AttributeDefinition(name = "Client certificate file",
            description = "Client certificate for TLS client authentication: PEM chain, or PKCS#12 (.p12/.pfx); empty for none.")
    String tls_client_cert_path() default "";

    @AttributeDefinition(name = "Client key file",
            description = "Unencrypted PKCS#8 PEM private key of a PEM client certificate; unused for PKCS#12.")
    String tls_client_key_path() default "";

    @AttributeDefinition(name = "Client keystore password", type = AttributeType.PASSWORD,
            description = "Password of a PKCS#12 client certificate file; empty for none.")
    String tls_client_keystore_password() default "";

    @AttributeDefinition(name = "Verify broker hostname",
            description = "Check that the broker certificate names the host in the URI (RFC 6125). Keep on.")
    boolean tls_hostname_verification() default true;

    @AttributeDefinition(name = "Topic prefix", description = "First topic level of every topic.")
    String topic_prefix() default "cityhub";

    @AttributeDefinition(name = "Payload format", description = "Telemetry payload format.", options = {
        @Option(label = "SenML JSON (RFC 8428)", value = "senml-json"),
        @Option(label = "SenML CBOR (RFC 8428)", value = "senml-cbor"),
        @Option(label = "Kura protobuf (KuraPayload)", value = "kura-protobuf")})
    String payload_format() default "senml-json";

    @AttributeDefinition(name = "Batch size", min = "1", max = "10000",
            description = "Readings taken from the buffer at once; acknowledged together after every PUBACK.")
    int batch_size() default 2000;

    @AttributeDefinition(name = "Max message bytes", min = "256", max = "268435455",
            description = "Upper bound of one telemetry payload; several readings share a message up to it.")
    int message_max_bytes() default 16384;

    @AttributeDefinition(name = "In-flight window", min = "1", max = "65535",
            description = "QoS 1 messages published and not yet acknowledged by the broker.")
    int inflight_window() default 256;

    @AttributeDefinition(name = "Rate cap: messages/s", min = "0", description = "0 = unlimited.")
    double rate_messages_per_second() default 0;

    @AttributeDefinition(name = "Rate cap: bytes/s", min = "0", description = "Payload bytes per second; 0 = unlimited.")
    long rate_bytes_per_second() default 0;

    @AttributeDefinition(name = "Health interval (s)", min = "1",
            description = "Period of the health message on <prefix>/<gateway>/health.")
    int status_interval_seconds() default 60;

    @AttributeDefinition(name = "Keep-alive (s)", min = "5", description = "MQTT keep-alive; detects dead links.")
    int keepalive_seconds() default 30;

    @AttributeDefinition(name = "PUBACK timeout (s)", min = "5", max = "3600",
            description = "When published telemetry has waited this long for the broker's PUBACK and the broker "
                    + "acknowledges nothing else (or a later message is acknowledged first), the uplink releases "
                    + "the unacknowledged batches to the buffer (they are sent again, in order) and reconnects. "
                    + "Catches a stuck broker or a half-open path on which keep-alive pings still pass. "
                    + "0 (off) is not allowed: without it such a broker stalls the uplink forever while the "
                    + "backlog grows unnoticed. Keep it well above the time one message needs on the slowest link.")
    int puback_timeout_seconds() default 60;

    @AttributeDefinition(name = "Reconnect min delay (ms)", min = "10",
            description = "First reconnect delay; doubles per failed attempt, with jitter.")
    long reconnect_min_millis() default 1000;

    @AttributeDefinition(name = "Reconnect max delay (ms)", min = "10", description = "Ceiling of the reconnect delay.")
    long reconnect_max_millis() default 60000;

    @AttributeDefinition(name = "Replay page size", min = "1", max = "5000",
            description = "Readings per page of a replay response.")
    int replay_page_size() default 200;
}
