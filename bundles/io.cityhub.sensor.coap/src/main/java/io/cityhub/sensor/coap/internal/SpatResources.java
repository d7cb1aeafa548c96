package io.cityhub.sensor.coap.internal;

import io.cityhub.api.traffic.SignalTiming;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SPaT the CoAP server serves to roadside apps: the newest timing of each intersection as JSON
 * ({@link SignalTiming#toJson()}), kept across socket reopenings, and the resource tree of the open sockets
 * ({@link SpatResource}) that serves it. {@link #update} runs on a traffic controller's tick thread, so it only
 * stores the document and hands the notification of observers (RFC 7641) to this class's own thread; a change that
 * arrives before the previous one was notified is coalesced (observers get the newest).
 */
final class SpatResources {

    private static final Logger LOG = LoggerFactory.getLogger(SpatResources.class);

    private final Map<String, byte[]> latest = new ConcurrentHashMap<>();
    private final Set<String> toNotify = ConcurrentHashMap.newKeySet();
    private final AtomicLong updates = new AtomicLong();
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "cityhub-coap-spat");
        thread.setDaemon(true);
        return thread;
    });
    private volatile SpatResource current;

    /** @return a new {@code /spat} resource for newly opened sockets; the previous one is no longer notified */
    SpatResource resource() {
        SpatResource resource = new SpatResource(this);
        current = resource;
        return resource;
    }

    /**
     * Stores an intersection's newest timing and schedules the notification of its observers; never blocks.
     *
     * @param timing the new timing
     */
    void update(SignalTiming timing) {
        String name = SpatResource.childName(timing.intersection());
        latest.put(name, timing.toJson().getBytes(StandardCharsets.UTF_8));
        updates.incrementAndGet();
        if (toNotify.add(name)) {
            try {
                notifier.execute(() -> notify(name));
            } catch (RejectedExecutionException e) {
                toNotify.remove(name); // closing: nobody is notified any more
            }
        }
    }

    private void notify(String name) {
        toNotify.remove(name);
        SpatResource resource = current;
        try {
            if (resource != null) {
                resource.changed(name);
            }
        } catch (RuntimeException e) { // the notifier thread's outermost guard: the next change must still go out
            LOG.warn("CoAP SPaT notification of {} failed: {}", name, e.toString());
        }
    }

    /** @return the newest document of the intersection (its resource name), or null */
    byte[] document(String name) {
        return latest.get(name);
    }

    /** @return the resource names of the intersections heard, sorted */
    List<String> names() {
        return List.copyOf(new TreeSet<>(latest.keySet()));
    }

    /** @return timings received since start */
    long updates() {
        return updates.get();
    }

    /** Stops the notifier thread. */
    void close() {
        notifier.shutdownNow();
        try {
            if (!notifier.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("CoAP SPaT notifier did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
