package io.cityhub.sensor.coap.internal;

import java.lang.annotation.Annotation;

/** A {@link CoapSensorServerConfig} as SCR would build it, with the metatype's defaults and one change at a time. */
record TestConfig(String bind_address, int port, int max_payload_bytes, boolean clock_synchronised,
        int busy_max_age_seconds, int max_active_peers, int receive_buffer_bytes, boolean coap_enabled,
        boolean dtls_enabled, String dtls_bind_address, int dtls_port, int silent_after_intervals,
        int rate_limit_per_minute, int rate_limit_burst, int ack_delay_ms) implements CoapSensorServerConfig {

    /** The metatype defaults, but on loopback and a free port. */
    static final TestConfig LOOPBACK = new TestConfig("127.0.0.1", 0, 4096, false, 30, 512,
            CoapOptions.DEFAULT_RECEIVE_BUFFER_BYTES, true, false, "0.0.0.0", 5684, 3, 0, 10,
            CoapOptions.DEFAULT_ACK_DELAY_MILLIS);

    @Override
    public Class<? extends Annotation> annotationType() {
        return CoapSensorServerConfig.class;
    }

    /** Pre-shared keys only: the raw-public-key and X.509 tests build {@link DtlsCertificates} themselves. */
    @Override
    public String dtls_private_key() {
        return "";
    }

    @Override
    public String dtls_certificate() {
        return "";
    }

    @Override
    public String dtls_trusted_certificates() {
        return "";
    }

    TestConfig withBind(String address, int newPort) {
        return new TestConfig(address, newPort, max_payload_bytes, clock_synchronised, busy_max_age_seconds,
                max_active_peers, receive_buffer_bytes, coap_enabled, dtls_enabled, dtls_bind_address, dtls_port,
                silent_after_intervals, rate_limit_per_minute, rate_limit_burst, ack_delay_ms);
    }

    TestConfig withMaxPayload(int bytes) {
        return new TestConfig(bind_address, port, bytes, clock_synchronised, busy_max_age_seconds, max_active_peers,
                receive_buffer_bytes, coap_enabled, dtls_enabled, dtls_bind_address, dtls_port,
                silent_after_intervals, rate_limit_per_minute, rate_limit_burst, ack_delay_ms);
    }

    TestConfig withClockSynchronised(boolean synced) {
        return new TestConfig(bind_address, port, max_payload_bytes, synced, busy_max_age_seconds, max_active_peers,
                receive_buffer_bytes, coap_enabled, dtls_enabled, dtls_bind_address, dtls_port,
                silent_after_intervals, rate_limit_per_minute, rate_limit_burst, ack_delay_ms);
    }

    TestConfig withBusyMaxAge(int seconds) {
        return new TestConfig(bind_address, port, max_payload_bytes, clock_synchronised, seconds, max_active_peers,
                receive_buffer_bytes, coap_enabled, dtls_enabled, dtls_bind_address, dtls_port,
                silent_after_intervals, rate_limit_per_minute, rate_limit_burst, ack_delay_ms);
    }

    TestConfig withMaxActivePeers(int peers) {
        return new TestConfig(bind_address, port, max_payload_bytes, clock_synchronised, busy_max_age_seconds, peers,
                receive_buffer_bytes, coap_enabled, dtls_enabled, dtls_bind_address, dtls_port,
                silent_after_intervals, rate_limit_per_minute, rate_limit_burst, ack_delay_ms);
    }

    TestConfig withReceiveBuffer(int bytes) {
        return new TestConfig(bind_address, port, max_payload_bytes, clock_synchronised, busy_max_age_seconds,
                max_active_peers, bytes, coap_enabled, dtls_enabled, dtls_bind_address, dtls_port,
                silent_after_intervals, rate_limit_per_minute, rate_limit_burst, ack_delay_ms);
    }

    /** @param plain whether plain CoAP stays on; DTLS on loopback, free port */
    TestConfig withDtls(boolean plain) {
        return new TestConfig(bind_address, port, max_payload_bytes, clock_synchronised, busy_max_age_seconds,
                max_active_peers, receive_buffer_bytes, plain, true, "127.0.0.1", 0,
                silent_after_intervals, rate_limit_per_minute, rate_limit_burst, ack_delay_ms);
    }

    TestConfig withoutDtls(boolean plain) {
        return new TestConfig(bind_address, port, max_payload_bytes, clock_synchronised, busy_max_age_seconds,
                max_active_peers, receive_buffer_bytes, plain, false, dtls_bind_address, dtls_port,
                silent_after_intervals, rate_limit_per_minute, rate_limit_burst, ack_delay_ms);
    }

    TestConfig withDtlsBind(String address, int newPort) {
        return new TestConfig(bind_address, port, max_payload_bytes, clock_synchronised, busy_max_age_seconds,
                max_active_peers, receive_buffer_bytes, coap_enabled, true, address, newPort,
                silent_after_intervals, rate_limit_per_minute, rate_limit_burst, ack_delay_ms);
    }

    TestConfig withSilentAfter(int intervals) {
        return new TestConfig(bind_address, port, max_payload_bytes, clock_synchronised, busy_max_age_seconds,
                max_active_peers, receive_buffer_bytes, coap_enabled, dtls_enabled, dtls_bind_address, dtls_port,
                intervals, rate_limit_per_minute, rate_limit_burst, ack_delay_ms);
    }

    TestConfig withRateLimit(int perMinute, int burst) {
        return new TestConfig(bind_address, port, max_payload_bytes, clock_synchronised, busy_max_age_seconds,
                max_active_peers, receive_buffer_bytes, coap_enabled, dtls_enabled, dtls_bind_address, dtls_port,
                silent_after_intervals, perMinute, burst, ack_delay_ms);
    }

    TestConfig withAckDelay(int millis) {
        return new TestConfig(bind_address, port, max_payload_bytes, clock_synchronised, busy_max_age_seconds,
                max_active_peers, receive_buffer_bytes, coap_enabled, dtls_enabled, dtls_bind_address, dtls_port,
                silent_after_intervals, rate_limit_per_minute, rate_limit_burst, millis);
    }

    CoapOptions options() {
        return CoapOptions.from(this);
    }
}
