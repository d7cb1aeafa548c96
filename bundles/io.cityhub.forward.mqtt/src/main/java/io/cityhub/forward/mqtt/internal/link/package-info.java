/**
 * The MQTT session with the platform's broker: connection state, reconnect backoff, the topic layout, the request
 * subscription and the retained status. The only package that uses the MQTT client ({@code wire}): the rest of the
 * uplink publishes through {@link io.cityhub.forward.mqtt.internal.link.Publisher} and sees failures as
 * {@link io.cityhub.forward.mqtt.internal.link.PublishException}.
 */
package io.cityhub.forward.mqtt.internal.link;
