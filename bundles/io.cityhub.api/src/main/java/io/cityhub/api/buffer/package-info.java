/**
 * The durable outbox between ingest and the uplink, and the retention archive behind replay requests.
 * Ingest is its only writer, the forwarder its only reader.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.cityhub.api.buffer;
