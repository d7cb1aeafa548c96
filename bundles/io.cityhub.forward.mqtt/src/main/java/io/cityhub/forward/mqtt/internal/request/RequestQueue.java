package io.cityhub.forward.mqtt.internal.request;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the platform's requests one at a time on their own thread, off the connection's reader thread and never on the
 * delivery pipeline: a replay may take seconds. At most {@value #CAPACITY} wait; more are dropped and counted.
 */
public final class RequestQueue {

    /** Requests that may wait while one is served. */
    static final int CAPACITY = 16;
    private static final Logger LOG = LoggerFactory.getLogger(RequestQueue.class);

    private final RequestHandler handler;
    private final Runnable dropped;
    private final ThreadPoolExecutor executor;

    /** @param dropped counts a request dropped because the queue was full */
    public RequestQueue(RequestHandler handler, Runnable dropped) {
        this.handler = handler;
        this.dropped = dropped;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(CAPACITY),
                runnable -> {
                    Thread thread = new Thread(runnable, "cityhub-mqtt-requests");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Queues a request (the connection's reader thread: never blocks). */
    public void submit(String topic, byte[] payload) {
        try {
            executor.execute(() -> {
                try {
                    handler.handle(topic, payload);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) { // outermost guard: one bad request never stops the handler
                    LOG.warn("uplink request on {} failed", topic, e);
                }
            });
        } catch (RejectedExecutionException e) {
            dropped.run();
            LOG.debug("uplink request on {} dropped: {} requests already queued", topic, CAPACITY);
        }
    }

    /** Stops serving: the request in progress is interrupted, waiting ones are dropped. */
    public void close() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
