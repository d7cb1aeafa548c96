/**
 * Edge filtering as ingest sees it: the service that thins out valid readings before they are stored, and the
 * description of a channel's default filters a device profile can carry.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.cityhub.api.filter;
