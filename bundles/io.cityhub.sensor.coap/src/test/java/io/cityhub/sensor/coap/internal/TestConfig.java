package io.cityhub.sensor.coap.internal;

import java.lang.annotation.Annotation;

/** A {@link CoapSensorServerConfig} as SCR would build it, with the metatype's defaults and one change at a time. */
record TestConfig(String bind_address, int port, int max_payload_bytes, boolean clock_synchronised,
        int busy_max_age_seconds, int max_active_peers, int receive_buffer_bytes) implements CoapSensorServerConfig {

    /** The metatype defaults, but on loopback and a free port. */
    static final TestConfig LOOPBACK = new TestConfig("127.0.0.1", 0, 4096, false, 30, 512,
            CoapOptions.DEFAULT_RECEIVE_BUFFER_BYTES);

    @Override
    public Class<? extends Annotation> annotationType() {
        return CoapSensorServerConfig.class;
    }

    TestConfig withBind(String address, int newPort) {
        return new TestConfig(address, newPort, max_payload_bytes, clock_synchronised, busy_max_age_seconds,
                max_active_peers, receive_buffer_bytes);
    }

    TestConfig withMaxPayload(int bytes) {
        return new TestConfig(bind_address, port, bytes, clock_synchronised, busy_max_age_seconds, max_active_peers,
                receive_buffer_bytes);
    }

    TestConfig withClockSynchronised(boolean synced) {
        return new TestConfig(bind_address, port, max_payload_bytes, synced, busy_max_age_seconds, max_active_peers,
                receive_buffer_bytes);
    }

    TestConfig withBusyMaxAge(int seconds) {
        return new TestConfig(bind_address, port, max_payload_bytes, clock_synchronised, seconds, max_active_peers,
                receive_buffer_bytes);
    }

    TestConfig withMaxActivePeers(int peers) {
        return new TestConfig(bind_address, port, max_payload_bytes, clock_synchronised, busy_max_age_seconds, peers,
                receive_buffer_bytes);
    }

    TestConfig withReceiveBuffer(int bytes) {
        return new TestConfig(bind_address, port, max_payload_bytes, clock_synchronised, busy_max_age_seconds,
                max_active_peers, bytes);
    }

    CoapOptions options() {
        return CoapOptions.from(this);
    }
}
