/**
 * Implementation of the MQTT uplink; not exported. This package is the wiring: the DS component
 * ({@link io.cityhub.forward.mqtt.internal.MqttForwarder}), its configuration and validated options, TLS material, and
 * {@link io.cityhub.forward.mqtt.internal.Uplink}, which builds one running uplink from the feature packages:
 * {@code link} (the MQTT session; the only package that uses the MQTT client of {@code wire}), {@code delivery}
 * (buffer to broker, PUBACK watchdog), {@code payload} (SenML JSON/CBOR, KuraPayload, JSON), {@code request} (the
 * platform's requests) and {@code health} (health and status messages). The feature packages never depend on this one.
 */
package io.cityhub.forward.mqtt.internal;
