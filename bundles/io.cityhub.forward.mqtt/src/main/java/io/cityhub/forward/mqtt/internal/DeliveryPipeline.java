package io.cityhub.forward.mqtt.internal;

import io.cityhub.forward.mqtt.internal.MessagePlanner.OutboundMessage;
import io.cityhub.forward.mqtt.internal.MessagePlanner.Plan;
import io.cityhub.forward.mqtt.internal.MessagePlanner.Undeliverable;

import io.cityhub.api.Reading;
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
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the buffer into MQTT. Batches are pipelined up to the in-flight window; a batch is acknowledged to the
 * buffer only after the PUBACK of every message made from it, and released (delivered again later) as soon as any
 * of them fails. After a failure nothing new is taken until every outstanding batch is settled, so released
 * readings go out again before younger ones: the backlog drains in order, and duplicates are limited to the batches
 * that were in flight when the link failed.
 *
 * <p>A reading the uplink cannot encode or publish never blocks the queue: a failure that is not a connection
 * failure (the encoder throws, Paho refuses the topic or payload at once) sets it aside as undeliverable — it counts
 * as settled, so its batch is acknowledged with the rest and it leaves the outbox — and hands it to the reporter
 * (health counter, SAFETY event). When such a message carried several readings, they are published one by one so
 * that only the bad one is set aside.
 *
 * <p>A connection can stay up while the broker stops acknowledging (a stuck broker, a half-open NAT path on which
 * keep-alive pings still pass, a broker that drops QoS 1 flows): the {@link PubackWatchdog} recognises it from
 * {@link #ackProgress()} and abandons the connection, which releases everything outstanding through
 * {@link #connectionLost(Throwable)}.
 */
final class DeliveryPipeline implements Runnable, PubackWatchdog.Flow {

    /** What the pipeline needs from the MQTT session ({@link MqttLink}; a fake in unit tests). */
    interface Publisher {
        /** @return true once connected, false after the timeout or when closed */
        boolean awaitConnected(long timeout, TimeUnit unit) throws InterruptedException;

        /** QoS 1; exactly one callback runs when the PUBACK arrives or the delivery fails. */
        void publish(String topic, byte[] payload, boolean retained, Runnable onAck, Consumer<Throwable> onFailure)
                throws MqttException;

        /** A publish was refused: the session may be gone without anyone having said so. */
        void suspectDown(Throwable cause);
    }

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryPipeline.class);
    private static final Duration TAKE_WAIT = Duration.ofMillis(500);

    private final ReadingBuffer buffer;
    private final MessagePlanner planner;
    private final Publisher link;
    private final RateLimiter limiter;
    private final Semaphore inflight;
    private final int batchSize;
    private final Executor bufferCalls;
    private final Set<Pending> outstanding = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition settled = lock.newCondition();
    private final AtomicBoolean settleFirst = new AtomicBoolean();
    private final UplinkCounters counters;
    private final Consumer<Undeliverable> undeliverableReporter;
    private final AtomicLong lastErrorLog = new AtomicLong();
    private final LatencyWindow pubackLatency = new LatencyWindow();
    private final LongSupplier nanoTime;
    /** publish order of data messages: all are published by the drain thread, so this is also the wire order */
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong highestAcknowledged = new AtomicLong(-1);
    private volatile long lastAcknowledgedNanos;
    private int unsettled;

    /**
     * @param bufferCalls runs acknowledge/release in order, off Paho's callback thread (a durable commit may take
     *     milliseconds and would stall PUBACK processing)
     * @param counters where it counts what it publishes, acknowledges, releases and sets aside
     * @param nanoTime monotonic time source ({@code System::nanoTime}) for PUBACK latency and the watchdog's view
     *     ({@link #ackProgress()}): a wall clock stepped by NTP after boot would trip or blind the watchdog
     * @param undeliverableReporter hears of every reading set aside as undeliverable (drain thread; must not block)
     */
    DeliveryPipeline(ReadingBuffer buffer, MessagePlanner planner, Publisher link, RateLimiter limiter, int window,
            int batchSize, Executor bufferCalls, UplinkCounters counters, LongSupplier nanoTime,
            Consumer<Undeliverable> undeliverableReporter) {
        this.undeliverableReporter = undeliverableReporter;
        this.buffer = buffer;
        this.planner = planner;
        this.link = link;
        this.limiter = limiter;
        this.inflight = new Semaphore(window);
        this.batchSize = batchSize;
        this.bufferCalls = bufferCalls;
        this.counters = counters;
        this.nanoTime = nanoTime;
        this.lastAcknowledgedNanos = nanoTime.getAsLong();
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
        Plan plan;
        try {
            plan = planner.plan(batch.readings());
        } catch (RuntimeException e) {
            buffer.release(batch); // never leave a batch taken: it would be skipped until the buffer restarts
            throw e;
        }
        // one slot for the planning itself, closed below: the batch cannot complete while messages are still added
        Delivery delivery = new Delivery(batch, plan.messages().size() + 1);
        lock.lock();
        try {
            unsettled++;
        } finally {
            lock.unlock();
        }
        try {
            plan.undeliverable().forEach(this::setAside);
            publish(delivery, plan.messages());
            delivery.messageSetAside();
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
            } catch (RuntimeException e) { // refused at once for what the message holds, not for the link
                if (pending.refused()) {
                    isolate(delivery, message, e);
                }
            }
        }
    }

    /** The client refused a message for what it holds: publish its readings one by one, setting aside the bad. */
    private void isolate(Delivery delivery, OutboundMessage message, RuntimeException refusal)
            throws InterruptedException {
        if (message.readings().size() == 1) {
            setAside(new Undeliverable(message.readings().get(0), "publish refused: " + refusal));
            delivery.messageSetAside();
            return;
        }
        delivery.addMessages(message.readings().size());
        for (Reading reading : message.readings()) {
            Plan alone = planner.planAlone(reading);
            alone.undeliverable().forEach(u -> {
                setAside(u);
                delivery.messageSetAside();
            });
            publish(delivery, alone.messages());
        }
        delivery.messageSetAside(); // the message they replace
    }

    private void setAside(Undeliverable undeliverable) {
        counters.undeliverableReadings.incrementAndGet();
        undeliverableReporter.accept(undeliverable);
    }

    /**
     * The link dropped: every unacknowledged message has failed and its batch is released (the link then makes Paho
     * forget them, so a late PUBACK cannot complete one).
     */
    @Override
    public void connectionLost(Throwable cause) {
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

    /** @return where the unacknowledged data messages stand, for the PUBACK watchdog; null when there are none */
    @Override
    public PubackWatchdog.AckProgress ackProgress() {
        Pending oldest = null;
        int messages = 0;
        for (Pending pending : outstanding) {
            messages++;
            if (oldest == null || pending.sequence < oldest.sequence) {
                oldest = pending;
            }
        }
        if (oldest == null) {
            return null;
        }
        return new PubackWatchdog.AckProgress(messages, oldest.sequence, oldest.publishedNanos,
                highestAcknowledged.get(), lastAcknowledgedNanos);
    }

    int inflightMessages() {
        return outstanding.size();
    }

    /** @return publish-to-PUBACK latency quantile over the last messages, in ms */
    double pubackMillis(double quantile) {
        return pubackLatency.quantileMillis(quantile);
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

        /** A message (or the planning slot, or a reading set aside) is done: the batch completes with the last. */
        void messageAcknowledged() {
            synchronized (this) {
                if (failed || --remaining > 0) {
                    return;
                }
            }
            counters.acknowledgedBatches.incrementAndGet();
            settle(() -> buffer.acknowledge(batch));
        }

        /** Settled without a PUBACK: it will never be sent, so it no longer holds the batch back. */
        void messageSetAside() {
            messageAcknowledged();
        }

        synchronized void addMessages(int messages) {
            remaining += messages;
        }

        void messageFailed() {
            synchronized (this) {
                if (failed || remaining == 0) {
                    return;
                }
                failed = true;
            }
            settleFirst.set(true);
            counters.releasedBatches.incrementAndGet();
            settle(() -> buffer.release(batch));
        }
    }

    /** One published message awaiting its PUBACK; settles exactly once. */
    private final class Pending {
        private final Delivery delivery;
        private final OutboundMessage message;
        private final AtomicBoolean done = new AtomicBoolean();
        private final long sequence = DeliveryPipeline.this.sequence.getAndIncrement();
        private final long publishedNanos = nanoTime.getAsLong();

        Pending(Delivery delivery, OutboundMessage message) {
            this.delivery = delivery;
            this.message = message;
        }

        void acknowledged() {
            if (done.compareAndSet(false, true)) {
                long now = nanoTime.getAsLong();
                lastAcknowledgedNanos = now;
                highestAcknowledged.accumulateAndGet(sequence, Math::max);
                pubackLatency.record(now - publishedNanos);
                outstanding.remove(this);
                inflight.release();
                counters.publishedMessages.incrementAndGet();
                counters.publishedReadings.addAndGet(message.readings().size());
                counters.publishedBytes.addAndGet(message.payload().length);
                delivery.messageAcknowledged();
            }
        }

        /** @return true if this call settled it: the client refused it before sending, no callback will come */
        boolean refused() {
            if (done.compareAndSet(false, true)) {
                outstanding.remove(this);
                inflight.release();
                return true;
            }
            return false;
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
