/** The platform's requests ({@code replay}, {@code status}, {@code backlog}): queued off Paho's thread and answered. */
package io.cityhub.forward.mqtt.internal.request;
