/**
 * Local SPaT publication: the newest signal timing of each intersection, handed off the controller's tick thread and
 * published at QoS 0 on the SPaT topic (bundle README).
 */
package io.cityhub.forward.mqtt.internal.spat;
