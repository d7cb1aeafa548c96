/**
 * The uplink's own MQTT 3.1.1 client on the wire (OASIS MQTT 3.1.1): the packet codec ({@link
 * io.cityhub.forward.mqtt.internal.wire.PacketCodec}) for the part of the protocol the uplink uses, and one TCP or TLS
 * connection ({@link io.cityhub.forward.mqtt.internal.wire.WireConnection}) with its reader thread and keep-alive.
 * Session state (packet ids in flight, resending, reconnecting) belongs to the link package.
 */
package io.cityhub.forward.mqtt.internal.wire;
