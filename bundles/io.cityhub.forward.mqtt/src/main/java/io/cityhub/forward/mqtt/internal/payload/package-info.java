/**
 * Payload encoding: readings as SenML JSON or CBOR (RFC 8428) or KuraPayload (protobuf), and the small JSON writer and
 * reader of status, health, requests and responses. No MQTT here.
 */
package io.cityhub.forward.mqtt.internal.payload;
