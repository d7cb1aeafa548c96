/**
 * Counters and states that components report for the gateway's health message and the technician's view.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.cityhub.api.health;
