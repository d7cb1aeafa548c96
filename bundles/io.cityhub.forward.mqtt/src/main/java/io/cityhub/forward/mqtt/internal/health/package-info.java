/**
 * What the gateway says about itself: the periodic health message (every health contributor's section, buffer
 * metrics, failed components, versions) and the retained online/offline status payloads.
 */
package io.cityhub.forward.mqtt.internal.health;
