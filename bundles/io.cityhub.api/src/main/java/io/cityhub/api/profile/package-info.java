/**
 * Device profiles and the payload codecs that turn a device's bytes into readings.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.cityhub.api.profile;
