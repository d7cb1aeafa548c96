/**
 * Payload encoding: readings as SenML JSON or CBOR (RFC 8428, through the shared SenML package of
 * {@code io.cityhub.profiles}) or KuraPayload (protobuf). No MQTT here; the JSON of status, health, requests and
 * responses is {@code io.cityhub.profiles.senml.JsonValues}.
 */
package io.cityhub.forward.mqtt.internal.payload;
