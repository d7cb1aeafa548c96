/**
 * Signal phase and timing (SPaT) of the intersections a gateway controls, for local consumers (a roadside app's
 * MQTT topic, a CoAP observable resource): each change of an intersection's signal timing is handed to every
 * {@link io.cityhub.api.traffic.SignalTimingListener} service (whiteboard pattern). 1.1: the JSON document local
 * consumers receive ({@link io.cityhub.api.traffic.SignalTiming#toJson()}) and the event state names.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.cityhub.api.traffic;
