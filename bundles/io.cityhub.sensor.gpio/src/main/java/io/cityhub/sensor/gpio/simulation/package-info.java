/**
 * Simulated GPIO lines, offered only where the gateway runs Pi4J's mock provider (development, CI, the demo): a
 * way for tests and tools to move an input wire and read an output wire without hardware.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.cityhub.sensor.gpio.simulation;
