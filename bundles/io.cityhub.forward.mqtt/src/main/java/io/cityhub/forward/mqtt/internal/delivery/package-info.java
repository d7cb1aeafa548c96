/**
 * Draining the outbox into MQTT: batches planned into messages, published within the in-flight window and rate caps,
 * acknowledged to the buffer only after every PUBACK, released on failure; undeliverable readings set aside and
 * reported; the PUBACK watchdog that abandons a connection whose broker stopped acknowledging.
 */
package io.cityhub.forward.mqtt.internal.delivery;
