package io.cityhub.sensor.coap.internal;

import java.util.function.IntSupplier;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.interceptors.MessageInterceptorAdapter;

/**
 * Applies the current {@code max.payload.bytes} to every request before Californium's block-wise layer sees it, so
 * a changed limit holds at once for Block1 transfers too (the layer reads its own limit only when the endpoint is
 * built), and gives every 4.13 the Size1 option that tells the client the limit (RFC 7959 §2.9.3; Californium's
 * layer sets it only when the client announced a Size1 itself).
 */
final class PayloadLimitInterceptor extends MessageInterceptorAdapter {

    private final IntSupplier maxPayloadBytes;

    PayloadLimitInterceptor(IntSupplier maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public void receiveRequest(Request request) {
        request.setMaxResourceBodySize(maxPayloadBytes.getAsInt());
    }

    @Override
    public void sendResponse(Response response) {
        if (response.getCode() == ResponseCode.REQUEST_ENTITY_TOO_LARGE && !response.getOptions().hasSize1()) {
            response.getOptions().setSize1(maxPayloadBytes.getAsInt());
        }
    }
}
