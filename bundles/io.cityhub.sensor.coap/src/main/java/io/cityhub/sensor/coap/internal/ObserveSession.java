package io.cityhub.sensor.coap.internal;

import io.cityhub.api.SourceMetadata;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observes one resource a sensor serves (RFC 7641) and submits each notification through the same route as a POST
 * from that sensor. Californium's client drops a notification older than the last one by its Observe sequence
 * number (RFC 7641 §3.4). When no notification came for twice the interval (the sensor lost the registration or
 * rebooted) the session registers again; when the sensor answers without an Observe option (it refuses to be
 * observed, RFC 7641 §4.1) the session polls it every interval instead.
 */
final class ObserveSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ObserveSession.class);

    private final CoapObserverOptions options;
    private final PayloadRouter router;
    private final java.util.function.Supplier<SilenceWatch.Stamp> clock;
    private final CoapCounters counters;
    private final LongSupplier nanoTime;
    private final CoapClient client;
    private final ScheduledFuture<?> watchdog;
    private final AtomicLong lastHeard;
    private volatile CoapObserveRelation relation;
    private volatile boolean polling;

    ObserveSession(CoapObserverOptions options, PayloadRouter router,
            java.util.function.Supplier<SilenceWatch.Stamp> clock, CoapCounters counters,
            ScheduledExecutorService timer, LongSupplier nanoTime) {
        this.options = options;
        this.router = router;
        this.clock = clock;
        this.counters = counters;
        this.nanoTime = nanoTime;
        this.lastHeard = new AtomicLong(nanoTime.getAsLong());
        this.client = new CoapClient(options.uri());
        client.setEndpoint(new CoapEndpoint.Builder().setInetSocketAddress(new InetSocketAddress(0))
                .setConfiguration(Configuration.createStandardWithoutFile()).build());
        this.polling = !options.observe();
        if (!polling) {
            relation = client.observe(handler());
        }
        long interval = options.interval().toMillis();
        this.watchdog = timer.scheduleWithFixedDelay(this::tick, interval, interval, TimeUnit.MILLISECONDS);
        LOG.info("CoAP {} {} for sensor {} every {} s", polling ? "polling" : "observing", options.uri(),
                options.sensorId(), options.interval().toSeconds());
    }

    private CoapHandler handler() {
        return new CoapHandler() {
            @Override
            public void onLoad(CoapResponse response) {
                received(response);
            }

            @Override
            public void onError() {
                LOG.debug("CoAP {}: request failed or timed out", options.uri());
            }
        };
    }

    /** The timer's turn: poll, or register again after a silence of twice the interval. */
    private void tick() {
        try {
            if (polling) {
                counters.observePolls.increment();
                client.get(handler());
                return;
            }
            long silentNanos = nanoTime.getAsLong() - lastHeard.get();
            if (silentNanos > 2 * options.interval().toNanos()) {
                LOG.info("CoAP {}: no notification for {} s; registering again", options.uri(),
                        TimeUnit.NANOSECONDS.toSeconds(silentNanos));
                counters.observeRegistrations.increment();
                CoapObserveRelation old = relation;
                if (old != null) {
                    old.reactiveCancel();
                }
                lastHeard.set(nanoTime.getAsLong());
                relation = client.observe(handler());
            }
        } catch (RuntimeException e) {
            // the timer thread's outermost guard: one failed turn must not end the session
            LOG.error("CoAP {}: observe/poll turn failed", options.uri(), e);
        }
    }

    private void received(CoapResponse response) {
        lastHeard.set(nanoTime.getAsLong());
        if (!response.isSuccess()) {
            LOG.debug("CoAP {} answered {}", options.uri(), response.getCode());
            return;
        }
        if (!polling && !response.getOptions().hasObserve()) {
            // RFC 7641 §4.1: a response without Observe means the sensor did not register us; poll instead
            LOG.info("CoAP {} refuses to be observed; polling it every {} s", options.uri(),
                    options.interval().toSeconds());
            polling = true;
        }
        counters.observeNotifications.increment();
        int format = response.getOptions().getContentFormat();
        PayloadRouter.Route route = router.route(options.sensorId(),
                format == MediaTypeRegistry.UNDEFINED ? options.contentFormat() : format, response.getPayload(),
                clock.get(), new SourceMetadata("coap", null, null, Map.of("observed", options.uri().toString())));
        if (route instanceof PayloadRouter.Submit submit) {
            try {
                submit.submission().get().whenComplete((receipt, failure) -> {
                    if (failure != null) {
                        LOG.warn("CoAP {}: notification not stored: {}", options.uri(), failure.toString());
                    }
                });
            } catch (RuntimeException e) {
                LOG.warn("CoAP {}: notification not stored: {}", options.uri(), e.toString());
            }
        } else if (route instanceof PayloadRouter.Refuse refuse) {
            LOG.warn("CoAP {}: notification refused: {}", options.uri(), refuse.reason());
        }
    }

    /** @return whether the session polls (configured so, or the sensor refused to be observed) */
    boolean polling() {
        return polling;
    }

    @Override
    public void close() {
        watchdog.cancel(false);
        CoapObserveRelation open = relation;
        if (open != null) {
            open.proactiveCancel();
        }
        client.shutdown();
    }
}
