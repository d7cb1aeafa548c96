package io.cityhub.sensor.coap.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/** What the server answered since activation, for the health report. Thread-safe, never blocks. */
final class CoapCounters {

    final LongAdder requests = new LongAdder();
    final LongAdder changed = new LongAdder();
    final LongAdder badRequest = new LongAdder();
    final LongAdder notFound = new LongAdder();
    final LongAdder unsupportedFormat = new LongAdder();
    final LongAdder tooLarge = new LongAdder();
    final LongAdder unavailable = new LongAdder();
    final LongAdder internalError = new LongAdder();
    final LongAdder readingsAccepted = new LongAdder();
    final LongAdder readingsRejected = new LongAdder();

    Map<String, Object> snapshot() {
        Map<String, Object> health = new TreeMap<>();
        health.put("requests", requests.sum());
        health.put("responses.2.04", changed.sum());
        health.put("responses.4.00", badRequest.sum());
        health.put("responses.4.04", notFound.sum());
        health.put("responses.4.13", tooLarge.sum());
        health.put("responses.4.15", unsupportedFormat.sum());
        health.put("responses.5.00", internalError.sum());
        health.put("responses.5.03", unavailable.sum());
        health.put("readings.accepted", readingsAccepted.sum());
        health.put("readings.rejected", readingsRejected.sum());
        return health;
    }
}
