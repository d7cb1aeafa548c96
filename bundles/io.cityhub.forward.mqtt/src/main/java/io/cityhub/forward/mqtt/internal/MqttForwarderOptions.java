package io.cityhub.forward.mqtt.internal;

import io.cityhub.forward.mqtt.internal.payload.PayloadFormat;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.crypto.CryptoService;

/**
 * Validated configuration of the uplink.
 *
 * @param gatewayId client id and topic level
 * @param brokerUris tcp:// or ssl:// URIs, at least one
 * @param username empty for none
 * @param password decrypted; empty for none
 * @param tls TLS material paths
 * @param topicPrefix first topic level
 * @param format telemetry payload format
 * @param batchSize readings per buffer take
 * @param maxMessageBytes payload size bound
 * @param inflightWindow unacknowledged QoS 1 messages
 * @param messagesPerSecond 0 = unlimited
 * @param bytesPerSecond 0 = unlimited
 * @param statusIntervalSeconds health period
 * @param keepAliveSeconds MQTT keep-alive
 * @param reconnectMinMillis first backoff
 * @param reconnectMaxMillis backoff ceiling
 * @param replayPageSize readings per replay page
 * @param pubackTimeoutSeconds how long published telemetry may wait for its PUBACK before the link is abandoned
 * @param spatTopic the SPaT topic's levels under {@code <prefix>/<gateway>}, or null when SPaT publication is off
 */
record MqttForwarderOptions(
        String gatewayId,
        List<String> brokerUris,
        String username,
        char[] password,
        TlsOptions tls,
        String topicPrefix,
        PayloadFormat format,
        int batchSize,
        int maxMessageBytes,
        int inflightWindow,
        double messagesPerSecond,
        long bytesPerSecond,
        int statusIntervalSeconds,
        int keepAliveSeconds,
        long reconnectMinMillis,
        long reconnectMaxMillis,
        int replayPageSize,
        int pubackTimeoutSeconds,
        String spatTopic) {

    // Bounds: one source for the checks below and the metatype's min/max (MqttForwarderConfig)
    static final int MIN_BATCH = 1;
    static final int MAX_BATCH = 10_000;
    static final int MIN_MESSAGE_BYTES = 256;
    /** MQTT 3.1.1 §2.2.3: the largest remaining length */
    static final int MAX_MESSAGE_BYTES = 268_435_455;
    static final int MIN_WINDOW = 1;
    /** MQTT 3.1.1 §2.3.1: packet identifiers are 16 bits */
    static final int MAX_WINDOW = 65_535;
    static final int MIN_RATE = 0;
    static final int MAX_RATE_MESSAGES = 1_000_000;
    static final long MAX_RATE_BYTES = 1_000_000_000L;
    static final int MIN_STATUS_INTERVAL = 1;
    static final int MAX_STATUS_INTERVAL = 86_400;
    static final int MIN_KEEPALIVE = 5;
    /** MQTT 3.1.1 §3.1.2.10: a 16-bit number of seconds */
    static final int MAX_KEEPALIVE = 65_535;
    static final int MIN_RECONNECT_MILLIS = 10;
    static final int MAX_RECONNECT_MILLIS = 3_600_000;
    static final int MIN_REPLAY_PAGE = 1;
    static final int MAX_REPLAY_PAGE = 5_000;
    static final int MIN_PUBACK_TIMEOUT = 5;
    static final int MAX_PUBACK_TIMEOUT = 3_600;
    /** The first levels under {@code <prefix>/<gateway>} the uplink uses itself (bundle README, topic layout). */
    static final java.util.Set<String> RESERVED_LEVELS =
            java.util.Set.of("telemetry", "events", "status", "health", "req", "res");

    /**
     * @param caPath PEM CA file, empty = JVM default trust
     * @param clientCertPath PEM chain or PKCS#12, empty = none
     * @param clientKeyPath PKCS#8 PEM key for a PEM chain
     * @param keystorePassword PKCS#12 password, decrypted
     * @param hostnameVerification RFC 6125 check of the broker name
     */
    record TlsOptions(String caPath, String clientCertPath, String clientKeyPath, char[] keystorePassword,
            boolean hostnameVerification) {
    }

    /**
     * @throws IllegalArgumentException naming PID, attribute and value when a value is invalid
     */
    static MqttForwarderOptions from(MqttForwarderConfig c, CryptoService crypto) {
        String gateway = c.gateway_id() == null ? "" : c.gateway_id().trim();
        // client id = topic level: no MQTT wildcards or level separators (MQTT 3.1.1 §4.7.1), 1..64 characters
        if (gateway.isEmpty() || gateway.length() > 64 || gateway.matches(".*[/+#\\s].*")) {
            throw bad("gateway.id", c.gateway_id(), "1-64 characters without '/', '+', '#' or spaces");
        }
        List<String> uris = new ArrayList<>();
        for (String part : (c.broker_uris() == null ? "" : c.broker_uris()).split(",")) {
            String uri = part.trim();
            if (!uri.isEmpty()) {
                uris.add(checkUri(uri, c.broker_uris()));
            }
        }
        if (uris.isEmpty()) {
            throw bad("broker.uris", c.broker_uris(), "at least one tcp:// or ssl:// URI");
        }
        String prefix = c.topic_prefix() == null ? "" : c.topic_prefix().trim();
        if (prefix.isEmpty() || prefix.matches(".*[+#\\s].*") || prefix.startsWith("/") || prefix.endsWith("/")) {
            throw bad("topic.prefix", c.topic_prefix(), "non-empty, no wildcards, no leading or trailing '/'");
        }
        PayloadFormat format = PayloadFormat.fromConfig(c.payload_format());
        if (format == null) {
            throw bad("payload.format", c.payload_format(), "senml-json, senml-cbor or kura-protobuf");
        }
        range("batch.size", c.batch_size(), MIN_BATCH, MAX_BATCH);
        range("message.max.bytes", c.message_max_bytes(), MIN_MESSAGE_BYTES, MAX_MESSAGE_BYTES);
        range("inflight.window", c.inflight_window(), MIN_WINDOW, MAX_WINDOW);
        if (!(c.rate_messages_per_second() >= MIN_RATE && c.rate_messages_per_second() <= MAX_RATE_MESSAGES)) {
            throw bad("rate.messages.per.second", c.rate_messages_per_second(),
                    "0 (unlimited) or a rate up to " + MAX_RATE_MESSAGES);
        }
        range("rate.bytes.per.second", c.rate_bytes_per_second(), MIN_RATE, MAX_RATE_BYTES);
        range("status.interval.seconds", c.status_interval_seconds(), MIN_STATUS_INTERVAL, MAX_STATUS_INTERVAL);
        range("keepalive.seconds", c.keepalive_seconds(), MIN_KEEPALIVE, MAX_KEEPALIVE);
        range("reconnect.min.millis", c.reconnect_min_millis(), MIN_RECONNECT_MILLIS, MAX_RECONNECT_MILLIS);
        range("reconnect.max.millis", c.reconnect_max_millis(), MIN_RECONNECT_MILLIS, MAX_RECONNECT_MILLIS);
        // every value the metatype allows must work, and the metatype cannot relate two fields: a ceiling below the
        // first backoff means a constant backoff at reconnect.min.millis
        long reconnectMax = Math.max(c.reconnect_min_millis(), c.reconnect_max_millis());
        range("replay.page.size", c.replay_page_size(), MIN_REPLAY_PAGE, MAX_REPLAY_PAGE);
        // no 0 = off: the watchdog is the only thing that notices a broker that keeps the connection (and answers
        // PINGREQ) but stops sending PUBACK; below 5 s a slow cellular link would trip it without a fault
        range("puback.timeout.seconds", c.puback_timeout_seconds(), MIN_PUBACK_TIMEOUT, MAX_PUBACK_TIMEOUT);
        String spat = trim(c.spat_topic());
        if (spat.isEmpty() || spat.length() > 128 || !spat.matches("[^+#/\\s\\p{Cntrl}]+(/[^+#/\\s\\p{Cntrl}]+)*")
                || RESERVED_LEVELS.contains(spat.split("/", 2)[0])) {
            throw bad("spat.topic", c.spat_topic(), "1-128 characters of non-empty topic levels without wildcards, "
                    + "spaces or a leading or trailing '/', not starting with one of " + new java.util.TreeSet<>(
                            RESERVED_LEVELS));
        }
        String cert = trim(c.tls_client_cert_path());
        String key = trim(c.tls_client_key_path());
        if (!cert.isEmpty() && !isPkcs12(cert) && key.isEmpty()) {
            throw bad("tls.client.key.path", c.tls_client_key_path(), "the key file of the PEM client certificate");
        }
        TlsOptions tls = new TlsOptions(trim(c.tls_ca_path()), cert, key,
                decrypt(crypto, "tls.client.keystore.password", c.tls_client_keystore_password()),
                c.tls_hostname_verification());
        return new MqttForwarderOptions(gateway, List.copyOf(uris), trim(c.username()),
                decrypt(crypto, "password", c.password()), tls, prefix, format, c.batch_size(),
                c.message_max_bytes(), c.inflight_window(), c.rate_messages_per_second(), c.rate_bytes_per_second(),
                c.status_interval_seconds(), c.keepalive_seconds(), c.reconnect_min_millis(),
                reconnectMax, c.replay_page_size(), c.puback_timeout_seconds(), c.spat_enabled() ? spat : null);
    }

    static boolean isPkcs12(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return lower.endsWith(".p12") || lower.endsWith(".pfx");
    }

    /**
     * @param other options built from a changed configuration
     * @return true if they differ only in what the running uplink applies live (rate caps, health interval, SPaT
     *     publication); any other change needs a new connection
     */
    boolean differsOnlyLive(MqttForwarderOptions other) {
        return gatewayId.equals(other.gatewayId) && brokerUris.equals(other.brokerUris)
                && username.equals(other.username) && java.util.Arrays.equals(password, other.password)
                && tls.caPath().equals(other.tls.caPath()) && tls.clientCertPath().equals(other.tls.clientCertPath())
                && tls.clientKeyPath().equals(other.tls.clientKeyPath())
                && java.util.Arrays.equals(tls.keystorePassword(), other.tls.keystorePassword())
                && tls.hostnameVerification() == other.tls.hostnameVerification()
                && topicPrefix.equals(other.topicPrefix) && format == other.format && batchSize == other.batchSize
                && maxMessageBytes == other.maxMessageBytes && inflightWindow == other.inflightWindow
                && keepAliveSeconds == other.keepAliveSeconds && reconnectMinMillis == other.reconnectMinMillis
                && reconnectMaxMillis == other.reconnectMaxMillis && replayPageSize == other.replayPageSize
                && pubackTimeoutSeconds == other.pubackTimeoutSeconds;
    }

    boolean usesTls() {
        return brokerUris.stream().anyMatch(u -> u.startsWith("ssl://"));
    }

    private static String checkUri(String uri, String raw) {
        try {
            URI parsed = new URI(uri);
            String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
            if ((!scheme.equals("tcp") && !scheme.equals("ssl")) || parsed.getHost() == null) {
                throw bad("broker.uris", raw, "tcp://host:port or ssl://host:port");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw bad("broker.uris", raw, "tcp://host:port or ssl://host:port (" + e.getMessage() + ")");
        }
    }

    /**
     * Kura hands Password attributes over AES-encrypted (notes/kura.md §1.3), and so does the standalone runtime, with
     * its own CryptoService. A value that does not decrypt is refused, never used as plaintext: Kura's own MQTT
     * transport falls back to the raw value, but then a typo'd or foreign-gateway secret would be sent to the broker in
     * clear and the failure would show only as a broker refusal. The message names PID and attribute, never the value.
     */
    private static char[] decrypt(CryptoService crypto, String attribute, String value) {
        if (value == null || value.isEmpty()) {
            return new char[0];
        }
        try {
            return crypto.decryptAes(value.toCharArray());
        } catch (KuraException e) {
            // never put the secret into the message
            throw new IllegalArgumentException(MqttForwarder.PID + ": attribute '" + attribute
                    + "' has invalid value '********'; expected a value encrypted by this gateway's CryptoService"
                    + " (decryption failed: " + e.getCode() + "; the value is not shown)", e);
        }
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }

    private static void range(String attribute, long value, long min, long max) {
        if (value < min || value > max) {
            throw bad(attribute, value, "between " + min + " and " + max);
        }
    }

    private static IllegalArgumentException bad(String attribute, Object value, String expected) {
        return new IllegalArgumentException(MqttForwarder.PID + ": attribute '" + attribute + "' has invalid value '"
                + value + "'; expected " + expected);
    }
}
