/**
 * The platform's requests ({@code replay}, {@code status}, {@code backlog}): queued off the connection's reader thread
 * and answered.
 */
package io.cityhub.forward.mqtt.internal.request;
