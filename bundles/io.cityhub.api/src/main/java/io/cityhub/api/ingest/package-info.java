/**
 * How sources (LoRa, CoAP, GPIO, the traffic controller) hand observations to ingest. A source never talks to
 * the buffer or the uplink directly.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.cityhub.api.ingest;
