package io.cityhub.sensor.coap.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;

/**
 * {@code GET /spat}: the intersections whose SPaT the gateway serves, as a JSON array of names (observable: notified
 * when one appears); {@code GET /spat/<intersection>}: its newest SPaT JSON document, observable (RFC 7641) and
 * notified on every change. Notifications are non-confirmable, with a confirmable one at least every
 * {@link SpatResource#CON_EVERY_NOTIFICATIONS} notifications or {@link SpatResource#CON_EVERY_SECONDS} seconds per
 * observer (Californium's notification check, configured in {@link CoapSockets}), so an observer that went away is
 * noticed (RFC 7641 §4.5) and removed.
 */
final class SpatResource extends CoapResource {

    /** A confirmable notification at least every this many notifications of one observation. */
    static final int CON_EVERY_NOTIFICATIONS = 10;
    /** … and at least every this many seconds. */
    static final int CON_EVERY_SECONDS = 30;

    private final SpatResources spat;

    SpatResource(SpatResources spat) {
        super("spat");
        this.spat = spat;
        getAttributes().setTitle("Signal phase and timing (SPaT) of the intersections");
        getAttributes().addContentType(MediaTypeRegistry.APPLICATION_JSON);
        setObservable(true);
        setObserveType(Type.NON);
        getAttributes().setObservable();
        for (String name : spat.names()) {
            add(new Intersection(name));
        }
    }

    /** An intersection's name as one URI path segment: {@code /} would add a level. */
    static String childName(String intersection) {
        return intersection.replace('/', '_');
    }

    /** The intersection's document changed: notify its observers (and the list's, when it is new). */
    void changed(String name) {
        Resource child = getChild(name);
        if (child instanceof Intersection intersection) {
            intersection.changed();
        } else {
            add(new Intersection(name));
            changed();
        }
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        List<String> names = spat.names();
        StringBuilder json = new StringBuilder("[");
        for (String name : names) {
            json.append(json.length() > 1 ? "," : "").append('"');
            for (char c : name.toCharArray()) {
                if (c == '"' || c == '\\') {
                    json.append('\\').append(c);
                } else if (c < 0x20) {
                    json.append(String.format("\\u%04x", (int) c));
                } else {
                    json.append(c);
                }
            }
            json.append('"');
        }
        exchange.respond(ResponseCode.CONTENT, json.append(']').toString().getBytes(StandardCharsets.UTF_8),
                MediaTypeRegistry.APPLICATION_JSON);
    }

    /** {@code /spat/<intersection>}. */
    private final class Intersection extends CoapResource {

        Intersection(String name) {
            super(name);
            getAttributes().setTitle("SPaT of " + name);
            getAttributes().addContentType(MediaTypeRegistry.APPLICATION_JSON);
            setObservable(true);
            setObserveType(Type.NON);
            getAttributes().setObservable();
        }

        @Override
        public void handleGET(CoapExchange exchange) {
            byte[] document = spat.document(getName());
            if (document == null) {
                exchange.respond(ResponseCode.NOT_FOUND);
                return;
            }
            exchange.respond(ResponseCode.CONTENT, document, MediaTypeRegistry.APPLICATION_JSON);
        }
    }
}
