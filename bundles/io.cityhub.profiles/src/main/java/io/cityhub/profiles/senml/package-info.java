/**
 * SenML (RFC 8428) in one place: the record model ({@link io.cityhub.profiles.senml.SenmlRecord}), the label table
 * ({@link io.cityhub.profiles.senml.SenmlLabel}), and JSON and CBOR in both directions
 * ({@link io.cityhub.profiles.senml.SenmlFormat}: reading packs, writing packs under a size bound), plus the plain
 * JSON value trees of the messages around SenML ({@link io.cityhub.profiles.senml.JsonValues}). Shared by the bundle
 * that decodes SenML (this one) and the uplink that encodes it ({@code io.cityhub.forward.mqtt}). Plain Java types
 * only: the parsers and generators behind it (Jackson) stay private to this bundle.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.cityhub.profiles.senml;
