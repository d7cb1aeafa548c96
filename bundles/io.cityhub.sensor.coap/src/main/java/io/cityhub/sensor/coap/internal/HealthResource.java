package io.cityhub.sensor.coap.internal;

import io.cityhub.api.health.HealthContributor;
import java.util.Map;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.server.resources.CoapExchange;

/** {@code GET /health}: the server's counters as {@code key=value} lines, for a technician with a CoAP client. */
final class HealthResource extends CoapResource {

    private final HealthContributor health;

    HealthResource(HealthContributor health) {
        super("health");
        getAttributes().setTitle("CoAP server counters");
        this.health = health;
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Object> e : health.health().entrySet()) {
            text.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        exchange.respond(ResponseCode.CONTENT, text.toString(), MediaTypeRegistry.TEXT_PLAIN);
    }
}
