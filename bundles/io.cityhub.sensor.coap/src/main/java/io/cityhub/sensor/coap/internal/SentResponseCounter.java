package io.cityhub.sensor.coap.internal;

import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.interceptors.MessageInterceptorAdapter;

/**
 * Counts each response once it has left the socket, whoever made it: the resources, or Californium itself (4.13 and
 * 2.31 from its block-wise layer, RFC 7959 §2.9; 4.04 for an unknown resource). Registered as a post-process
 * interceptor, which the endpoint calls after the datagram was sent or failed to send (not counted); a
 * retransmission of a confirmable response, or the answer repeated for a duplicate request, is marked duplicate and
 * not counted again.
 */
final class SentResponseCounter extends MessageInterceptorAdapter {

    private final CoapCounters counters;

    SentResponseCounter(CoapCounters counters) {
        this.counters = counters;
    }

    @Override
    public void sendResponse(Response response) {
        if (!response.isDuplicate() && response.getSendError() == null) {
            counters.responseSent(response.getCode().text);
        }
    }
}
