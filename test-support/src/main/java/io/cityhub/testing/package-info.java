/**
 * Test fixtures shared by the bundles' unit tests: an in-memory outbox ({@link
 * io.cityhub.testing.InMemoryReadingBuffer}), an embedded MQTT broker ({@link io.cityhub.testing.EmbeddedMqttBroker})
 * and free loopback ports ({@link io.cityhub.testing.FreePorts}). Test scope only; never part of a bundle.
 */
package io.cityhub.testing;
