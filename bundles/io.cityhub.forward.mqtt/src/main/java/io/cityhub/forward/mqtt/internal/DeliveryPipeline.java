package io.cityhub.forward.mqtt.internal;

import io.cityhub.forward.mqtt.internal.MessagePlanner.OutboundMessage;

import io.cityhub.api.buffer.Batch;
import io.cityhub.api.buffer.ReadingBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the buffer into MQTT. Batches are pipelined up to the in-flight window; a batch is acknowledged to the
 * buffer only after the PUBACK of every message made from it, and released (delivered again later) as soon as any
 * of them fails. After a failure nothing new is taken until every outstanding batch is settled, so released
 * readings go out again before younger ones: the backlog drains in order, and duplicates are limited to the batches
 * that were in flight when the link failed.
 */
final class DeliveryPipeline implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryPipeline.class);
    private static final Duration TAKE_WAIT = Duration.ofMillis(500);

    private final ReadingBuffer buffer;
    private final MessagePlanner planner;
    private final MqttLink link;
    private final RateLimiter limiter;
    private final Semaphore inflight;
    private final int batchSize;
    private final Executor bufferCalls;
    private final Set<Pending> outstanding = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition settled = lock.newCondition();
    private final AtomicBoolean settleFirst = new AtomicBoolean();
    private final AtomicLong publishedMessages = new AtomicLong();
    private final AtomicLong publishedReadings = new AtomicLong();
    private final AtomicLong publishedBytes = new AtomicLong();
    private final AtomicLong acknowledgedBatches = new AtomicLong();
    private final AtomicLong releasedBatches = new AtomicLong();
    private final AtomicLong lastErrorLog = new AtomicLong();
    private final LatencyWindow pubackLatency = new LatencyWindow();
    private int unsettled;

    /**
     * @param bufferCalls runs acknowledge/release in order, off Paho's callback thread (a durable commit may take
     *     milliseconds and would stall PUBACK processing)
     */
    DeliveryPipeline(ReadingBuffer buffer, MessagePlanner planner, MqttLink link, RateLimiter limiter, int window,
            int batchSize, Executor bufferCalls) {
        this.buffer = buffer;
        this.planner = planner;
        this.link = link;
        this.limiter = limiter;
        this.inflight = new Semaphore(window);
        this.batchSize = batchSize;
        this.bufferCalls = bufferCalls;
    }

    @Override
    public void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                step();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) { // outermost guard of the drain thread: one failure never stops draining
                long now = System.nanoTime();
                long last = lastErrorLog.get();
                if (now - last > TimeUnit.MINUTES.toNanos(1) && lastErrorLog.compareAndSet(last, now)) {
                    LOG.warn("uplink drain step failed; continuing", e);
                }
                if (!pause()) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private boolean pause() {
        lock.lock();
        try {
            settled.await(1, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    void step() throws InterruptedException {
        if (!link.awaitConnected(1, TimeUnit.SECONDS)) {
            return;
        }
        if (settleFirst.get() && !awaitSettled(1, TimeUnit.SECONDS)) {
            return;
        }
        settleFirst.set(false);
        Optional<Batch> taken = buffer.take(batchSize, TAKE_WAIT);
        if (taken.isEmpty()) {
            return;
        }
        Batch batch = taken.get();
        List<OutboundMessage> messages;
        try {
            messages = planner.plan(batch.readings());
        } catch (RuntimeException e) {
            buffer.release(batch); // never leave a batch taken: it would be skipped until the buffer restarts
            throw e;
        }
        Delivery delivery = new Delivery(batch, messages.size());
        lock.lock();
        try {
            unsettled++;
        } finally {
            lock.unlock();
        }
        try {
            publish(delivery, messages);
        } catch (InterruptedException | RuntimeException e) {
            delivery.messageFailed(); // stopping (or a bug): give the batch back before leaving
            throw e;
        }
    }

    private void publish(Delivery delivery, List<OutboundMessage> messages) throws InterruptedException {
        for (OutboundMessage message : messages) {
            limiter.acquire(message.payload().length);
            inflight.acquire();
            if (delivery.isFailed()) {
                inflight.release();
                return;
            }
            Pending pending = new Pending(delivery, message);
            outstanding.add(pending);
            try {
                link.publish(message.topic(), message.payload(), false, pending::acknowledged, pending::failed);
            } catch (MqttException e) {
                pending.failed(e);
                link.suspectDown(e);
                return;
            }
        }
    }

    /** The link dropped: every unacknowledged message has failed (Paho's clean session forgets them). */
    void connectionLost(Throwable cause) {
        settleFirst.set(true);
        for (Pending pending : outstanding) {
            pending.failed(cause);
        }
    }

    boolean awaitSettled(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (unsettled > 0) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = settled.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    int inflightMessages() {
        return outstanding.size();
    }

    long publishedMessages() {
        return publishedMessages.get();
    }

    long publishedReadings() {
        return publishedReadings.get();
    }

    long publishedBytes() {
        return publishedBytes.get();
    }

    long acknowledgedBatches() {
        return acknowledgedBatches.get();
    }

    /** @return publish-to-PUBACK latency quantile over the last messages, in ms */
    double pubackMillis(double quantile) {
        return pubackLatency.quantileMillis(quantile);
    }

    long releasedBatches() {
        return releasedBatches.get();
    }

    private void settle(Runnable bufferCall) {
        bufferCalls.execute(() -> {
            try {
                bufferCall.run();
            } finally {
                lock.lock();
                try {
                    unsettled--;
                    settled.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        });
    }

    /** One buffer batch on its way: acknowledged when all its messages are, released on the first failure. */
    private final class Delivery {
        private final Batch batch;
        private int remaining;
        private boolean failed;

        Delivery(Batch batch, int messages) {
            this.batch = batch;
            this.remaining = messages;
        }

        synchronized boolean isFailed() {
            return failed;
        }

        void messageAcknowledged() {
            synchronized (this) {
                if (failed || --remaining > 0) {
                    return;
                }
            }
            acknowledgedBatches.incrementAndGet();
            settle(() -> buffer.acknowledge(batch));
        }

        void messageFailed() {
            synchronized (this) {
                if (failed || remaining == 0) {
                    return;
                }
                failed = true;
            }
            settleFirst.set(true);
            releasedBatches.incrementAndGet();
            settle(() -> buffer.release(batch));
        }
    }

    /** One published message awaiting its PUBACK; settles exactly once. */
    private final class Pending {
        private final Delivery delivery;
        private final OutboundMessage message;
        private final AtomicBoolean done = new AtomicBoolean();
        private final long publishedNanos = System.nanoTime();

        Pending(Delivery delivery, OutboundMessage message) {
            this.delivery = delivery;
            this.message = message;
        }

        void acknowledged() {
            if (done.compareAndSet(false, true)) {
                pubackLatency.record(System.nanoTime() - publishedNanos);
                outstanding.remove(this);
                inflight.release();
                publishedMessages.incrementAndGet();
                publishedReadings.addAndGet(message.readings());
                publishedBytes.addAndGet(message.payload().length);
                delivery.messageAcknowledged();
            }
        }

        void failed(Throwable cause) {
            if (done.compareAndSet(false, true)) {
                outstanding.remove(this);
                inflight.release();
                LOG.debug("uplink message to {} failed: {}", message.topic(), String.valueOf(cause));
                delivery.messageFailed();
            }
        }
    }
}
