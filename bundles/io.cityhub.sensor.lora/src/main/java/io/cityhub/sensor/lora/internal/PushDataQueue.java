package io.cityhub.sensor.lora.internal;

import io.cityhub.sensor.lora.gwmp.GwmpDatagram;
import io.cityhub.sensor.lora.lorawan.Bytes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands PUSH_DATA from the receive thread to the frame thread ({@code cityhub-lora-frames}), which takes everything
 * waiting at once, so the session changes of all those frames share one commit. Bounded in datagrams and in bytes;
 * {@link #offer} never blocks (the receive thread must keep reading, or the kernel drops what queues up behind it).
 */
final class PushDataQueue {

    /** PUSH_DATA datagrams waiting for the frame thread at most; a few seconds of a busy concentrator. */
    static final int CAPACITY = 1024;
    /** Bytes of JSON waiting at most, so large datagrams cannot fill the heap. */
    static final long MAX_BYTES = 4L << 20;
    /** Datagrams taken into one batch at most. */
    static final int MAX_BATCH = 256;

    private static final Logger LOG = LoggerFactory.getLogger(PushDataQueue.class);
    /** Tells the frame thread to stop once everything queued before it is handled. */
    private static final Queued STOP = new Queued(null, Instant.EPOCH, 0);

    /** A PUSH_DATA waiting for the frame thread, with the time it was received. */
    record Queued(GwmpDatagram datagram, Instant receivedAt, long bytes) {
    }

    private final int capacity;
    private final BlockingQueue<Queued> queue;
    private final AtomicLong bytes = new AtomicLong();
    private final LoraCounters counters;
    private final Thread thread;

    /**
     * Starts the frame thread.
     *
     * @param capacity datagrams waiting at most
     * @param handler handles one batch, in the order received; runs on the frame thread
     */
    PushDataQueue(int capacity, LoraCounters counters, Consumer<List<Queued>> handler) {
        this.capacity = capacity;
        // one place beyond the capacity, for STOP
        this.queue = new ArrayBlockingQueue<>(capacity + 1);
        this.counters = counters;
        this.thread = new Thread(() -> run(handler), "cityhub-lora-frames");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues a PUSH_DATA unless the queue is full, which is counted as {@code dropped.queue_full} and logged.
     * Called by the receive thread only.
     *
     * @return whether it was queued (only then is it acknowledged)
     */
    boolean offer(GwmpDatagram datagram, Instant receivedAt) {
        long size = datagram.json() == null ? 0 : 2L * datagram.json().length();
        if (queue.size() >= capacity || bytes.get() + size > MAX_BYTES) {
            counters.drop("queue_full", "PUSH_DATA from gateway " + Bytes.hex(datagram.gatewayEui(), 16)
                    + " dropped unacknowledged: " + queue.size() + " datagrams are waiting for the frame thread");
            return false;
        }
        bytes.addAndGet(size);
        queue.add(new Queued(datagram, receivedAt, size));
        counters.increment("push_data.queued");
        return true;
    }

    int depth() {
        return queue.size();
    }

    boolean running() {
        return thread.isAlive();
    }

    /**
     * Lets the frame thread handle what is queued (at most five seconds), then stops it. Call after the receive
     * thread has stopped.
     */
    void stop() throws InterruptedException {
        queue.offer(STOP);
        thread.join(5_000);
        if (thread.isAlive()) {
            thread.interrupt();
            thread.join(1_000);
        }
    }

    private void run(Consumer<List<Queued>> handler) {
        List<Queued> taken = new ArrayList<>(MAX_BATCH);
        while (true) {
            try {
                taken.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(taken, MAX_BATCH - 1);
            boolean stop = taken.remove(STOP);
            for (Queued q : taken) {
                bytes.addAndGet(-q.bytes());
            }
            try {
                handler.accept(taken);
            } catch (RuntimeException e) {
                // the thread's outermost guard: one bad batch never stops the frames behind it
                counters.increment("dropped.internal_error");
                LOG.error("LoRa: unexpected failure handling uplinks", e);
            }
            taken.clear();
            if (stop) {
                return;
            }
        }
    }
}
