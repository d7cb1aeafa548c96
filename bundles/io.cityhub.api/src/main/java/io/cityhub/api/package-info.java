/**
 * The cityhub reading model: what a sensor observed, when, how well the clock that stamped it was
 * synchronised, and where it came from.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.cityhub.api;
