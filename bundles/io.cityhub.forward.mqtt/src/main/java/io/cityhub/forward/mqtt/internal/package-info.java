/** Implementation of the MQTT uplink; not exported. */
package io.cityhub.forward.mqtt.internal;
