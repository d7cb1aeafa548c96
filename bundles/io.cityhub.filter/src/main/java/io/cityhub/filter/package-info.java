/** Edge filters: pure functions over a reading and an explicit, immutable state. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.cityhub.filter;
