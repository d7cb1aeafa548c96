package io.cityhub.sensor.coap.internal;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.server.resources.CoapExchange;

/**
 * The answer to one request whose readings are still on their way into the outbox. A confirmable request is
 * answered piggybacked on its ACK when the answer is ready within the ACK delay (RFC 7252 §5.2.1): two datagrams per
 * request instead of four, on the sensor's radio as on the gateway. Otherwise the empty ACK goes out at the delay, so
 * the sensor stops retransmitting, and the answer follows as a separate response (§5.2.2). The delay stays well below
 * a sensor's ACK_TIMEOUT (2 s by default, §4.8), so no sensor retransmits while the gateway waits.
 *
 * <p>Whichever of the timer and the answering thread comes first decides; the other then does only what is still
 * needed. Thread-safe; neither side blocks on the other for longer than handing a datagram to Californium.
 */
final class DeferredAnswer {

    private final CoapExchange exchange;
    private final CoapCounters counters;
    /** Guarded by this. */
    private boolean acknowledged;
    /** Guarded by this. */
    private boolean answered;
    /** The empty ACK's timer, cancelled when the answer goes out first; guarded by this. */
    private ScheduledFuture<?> emptyAck;

    private DeferredAnswer(CoapExchange exchange, CoapCounters counters) {
        this.exchange = exchange;
        this.counters = counters;
    }

    /**
     * @param exchange the request to answer later
     * @param ackDelayMillis how long the ACK may wait for the answer; 0 sends the empty ACK at once
     * @param timer runs the empty ACK when the delay ends
     * @param counters counts piggybacked and separate answers
     * @return the answer to complete with {@link #respond}
     */
    static DeferredAnswer start(CoapExchange exchange, int ackDelayMillis, ScheduledExecutorService timer,
            CoapCounters counters) {
        DeferredAnswer answer = new DeferredAnswer(exchange, counters);
        if (!exchange.advanced().getRequest().isConfirmable()) {
            // a non-confirmable request has no ACK to wait for; its answer is non-confirmable too
            return answer;
        }
        if (ackDelayMillis == 0) {
            answer.acknowledge();
            return answer;
        }
        try {
            answer.timed(timer.schedule(answer::acknowledge, ackDelayMillis, TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) {
            // the server is stopping: acknowledge now rather than leave the sensor retransmitting
            answer.acknowledge();
        }
        return answer;
    }

    /**
     * Keeps the timer to cancel it when the answer goes out first: at thousands of requests a second, timers left to
     * expire would wake the timer thread once per request for nothing.
     */
    private synchronized void timed(ScheduledFuture<?> timer) {
        if (answered) {
            timer.cancel(false);
        } else {
            emptyAck = timer;
        }
    }

    /** Sends the empty ACK unless the answer went out already (then it carried the ACK). */
    synchronized void acknowledge() {
        if (!answered && !acknowledged) {
            acknowledged = true;
            exchange.accept();
        }
    }

    /** Sends the answer: piggybacked if the empty ACK has not gone out yet, separate otherwise. */
    synchronized void respond(Response response) {
        if (answered) {
            return;
        }
        answered = true;
        if (emptyAck != null) {
            emptyAck.cancel(false);
            emptyAck = null;
        }
        if (exchange.advanced().getRequest().isConfirmable()) {
            (acknowledged ? counters.separateAnswers : counters.piggybackedAnswers).increment();
        }
        exchange.respond(response);
    }
}
