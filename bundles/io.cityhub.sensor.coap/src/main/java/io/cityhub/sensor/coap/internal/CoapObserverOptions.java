package io.cityhub.sensor.coap.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * Validated configuration of one observed resource. Public only for tests; the package is not exported.
 *
 * @param sensorId sensor id of the readings
 * @param uri the resource, {@code coap://} with a literal address
 * @param contentFormat the Content-Format a notification without one is read as
 * @param observe whether to observe (else poll)
 * @param interval poll interval, and half the silence after which an observation is registered again
 */
public record CoapObserverOptions(String sensorId, URI uri, int contentFormat, boolean observe, Duration interval) {

    /** Metatype and code bound of {@code content.format}. */
    static final int MIN_FORMAT = 0;
    /** Metatype and code bound of {@code content.format}: the largest CoAP Content-Format (RFC 7252 §12.3). */
    static final int MAX_FORMAT = 65_535;
    /** Metatype and code bound of {@code interval.seconds}. */
    static final int MIN_INTERVAL_SECONDS = 1;
    /** Metatype and code bound of {@code interval.seconds}: a day. */
    static final int MAX_INTERVAL_SECONDS = 86_400;

    /**
     * @param config the component's configuration
     * @return the validated options
     * @throws IllegalArgumentException {@code <PID>: attribute '<name>' has invalid value '<value>'; expected <what>}
     */
    static CoapObserverOptions from(CoapObserverConfig config) {
        String sensorId = config.sensor_id() == null ? "" : config.sensor_id().trim();
        if (!sensorId.matches("[A-Za-z0-9._-]{1," + CoapDeviceOptions.MAX_SENSOR_ID_CHARS + "}")) {
            throw invalid("sensor.id", sensorId, "1 to " + CoapDeviceOptions.MAX_SENSOR_ID_CHARS
                    + " letters, digits, '.', '_' or '-'");
        }
        URI uri = uri(config.uri());
        check("content.format", config.content_format(), MIN_FORMAT, MAX_FORMAT);
        check("interval.seconds", config.interval_seconds(), MIN_INTERVAL_SECONDS, MAX_INTERVAL_SECONDS);
        return new CoapObserverOptions(sensorId, uri, config.content_format(), config.observe(),
                Duration.ofSeconds(config.interval_seconds()));
    }

    private static URI uri(String text) {
        String expected = "coap://literal-address[:port]/path, e.g. coap://192.0.2.7/temp or coap://[fd00::12]:5683/t";
        URI uri;
        try {
            uri = new URI(text == null ? "" : text.trim());
        } catch (URISyntaxException e) {
            throw invalid("uri", text, expected);
        }
        String host = uri.getHost();
        // a literal address only: a host name would make every registration depend on DNS
        if (!"coap".equals(uri.getScheme()) || host == null
                || !host.replaceAll("^\\[|\\]$", "").matches("[0-9a-fA-F:.]+")) {
            throw invalid("uri", text, expected);
        }
        try {
            InetAddress.getByName(host.replaceAll("^\\[|\\]$", ""));
        } catch (java.net.UnknownHostException e) {
            throw invalid("uri", text, expected);
        }
        return uri;
    }

    private static void check(String attribute, int value, int min, int max) {
        if (value < min || value > max) {
            throw invalid(attribute, value, "an integer from " + min + " to " + max);
        }
    }

    private static IllegalArgumentException invalid(String attribute, Object value, String expected) {
        return new IllegalArgumentException(CoapObserver.PID + ": attribute '" + attribute + "' has invalid value '"
                + value + "'; expected " + expected);
    }
}
