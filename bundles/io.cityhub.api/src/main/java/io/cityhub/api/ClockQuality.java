package io.cityhub.api;

/**
 * How far the timestamp of a reading can be trusted. Gateways without a real-time clock boot with a
 * wrong time until NTP or GNSS synchronises them; the platform uses this to decide whether to re-stamp.
 */
public enum ClockQuality {
    /** Stamped by a clock known to be synchronised (NTP, GNSS, or a sensor reporting its own synchronised time). */
    SYNCHRONISED,
    /** Stamped by a clock that has not been synchronised since boot; the time may be far off. */
    UNSYNCHRONISED,
    /** Derived rather than read, e.g. receive time minus a reported age, or interpolated between frames. */
    ESTIMATED
}
