/**
 * The gateway's clock state: whether the wall clock that stamps readings is synchronised, and when that changes.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.cityhub.api.clock;
