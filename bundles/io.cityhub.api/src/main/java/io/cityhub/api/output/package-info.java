/**
 * Digital outputs (relays, signal heads, request-acknowledge lamps) driven by the gateway, each with a safe state
 * it falls back to when its driver stops or fails.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.cityhub.api.output;
