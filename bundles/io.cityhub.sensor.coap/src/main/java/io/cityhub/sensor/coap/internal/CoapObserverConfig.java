package io.cityhub.sensor.coap.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One resource a sensor serves that the gateway observes (Kura web UI: "+" on "cityhub CoAP observer"). Every
 * min/max is a {@link CoapObserverOptions} constant, the same one activation checks.
 */
@ObjectClassDefinition(id = CoapObserver.PID, name = "cityhub CoAP observer",
        description = "A resource a sensor serves (coap://address:port/path): the gateway observes it (RFC 7641) and"
                + " stores each notification durably like a POST from that sensor, or polls it where the sensor"
                + " refuses to be observed. The sensor's channel, unit and profile come from its 'cityhub CoAP"
                + " device' configuration. Takes effect after a restart of the component (saving restarts it).")
@interface CoapObserverConfig {

    @AttributeDefinition(name = "Sensor id",
            description = "Sensor id of the readings: letters, digits and . _ - (1 to "
                    + CoapDeviceOptions.MAX_SENSOR_ID_CHARS + " characters).")
    String sensor_id();

    @AttributeDefinition(name = "URI",
            description = "The resource: coap://literal-address[:port]/path[?query], e.g. coap://[fd00::12]/temp.")
    String uri();

    @AttributeDefinition(name = "Content-Format", min = "" + CoapObserverOptions.MIN_FORMAT,
            max = "" + CoapObserverOptions.MAX_FORMAT,
            description = "Content-Format to read a notification as when it carries none: 0 text/plain number,"
                    + " 42 octet-stream (device profile's codec), 50 JSON, 110 SenML JSON, 112 SenML CBOR.")
    int content_format() default 0;

    @AttributeDefinition(name = "Observe",
            description = "Observe the resource (RFC 7641); false: poll it every interval.")
    boolean observe() default true;

    @AttributeDefinition(name = "Interval (s)", min = "" + CoapObserverOptions.MIN_INTERVAL_SECONDS,
            max = "" + CoapObserverOptions.MAX_INTERVAL_SECONDS,
            description = "Poll interval; while observing, a notification missing for twice this long makes the"
                    + " gateway register again (the sensor lost it, or rebooted).")
    int interval_seconds() default 60;
}
