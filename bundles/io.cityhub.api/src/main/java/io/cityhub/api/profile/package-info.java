/**
 * Device profiles and the payload codecs that turn a device's bytes into readings, with the ids of the codecs
 * cityhub ships ({@link io.cityhub.api.profile.CodecIds}) and the CoAP Content-Formats that select them
 * ({@link io.cityhub.api.profile.ContentFormats}). 1.1.0 added those two classes;
 * 1.2.0 added {@link io.cityhub.api.profile.DeviceProfileRegistry#revision()}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.cityhub.api.profile;
