/**
 * SenML (RFC 8428) as cityhub reads and writes it, shared by the bundle that decodes it (this one) and the uplink
 * that encodes it ({@code io.cityhub.forward.mqtt}). Plain Java types only: the parsers and generators behind it stay
 * private to this bundle.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.cityhub.profiles.senml;
