package io.cityhub.forward.mqtt.internal.delivery;

import io.cityhub.api.Reading;
import io.cityhub.api.buffer.Batch;
import io.cityhub.api.buffer.ReadingBuffer;
import io.cityhub.forward.mqtt.internal.delivery.MessagePlanner.OutboundMessage;
import io.cityhub.forward.mqtt.internal.delivery.MessagePlanner.Plan;
import io.cityhub.forward.mqtt.internal.delivery.MessagePlanner.Undeliverable;
import io.cityhub.forward.mqtt.internal.link.PublishException;
import io.cityhub.forward.mqtt.internal.link.Publisher;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
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
 * failure (the encoder throws, the client refuses the topic or payload at once) sets it aside as undeliverable — it
 * counts as settled, so its batch is acknowledged with the rest and it leaves the outbox — and hands it to the reporter
 * (health counter, SAFETY event). When such a message carried several readings, they are published one by one so
 * that only the bad one is set aside.
 *
 * <p>A connection can stay up while the broker stops acknowledging (a stuck broker, a half-open NAT path on which
 * keep-alive pings still pass, a broker that drops QoS 1 flows): the {@link PubackWatchdog} recognises it from
 * {@link #ackProgress()} and abandons the connection, which releases everything outstanding through
 * {@link #connectionLost(Throwable)}.
 */
public final class DeliveryPipeline implements Runnable, PubackWatchdog.Flow {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryPipeline.class);
    private static final Duration TAKE_WAIT = Duration.ofMillis(500);

    private final ReadingBuffer buffer;
    private final MessagePlanner planner;
    private final Publisher link;
    private final RateLimiter limiter;
    private final InflightWindow inflight;
    private final int batchSize;
    private final Executor bufferCalls;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition settled = lock.newCondition();
    private final AtomicBoolean settleFirst = new AtomicBoolean();
    private final UplinkCounters counters;
    private final Settlement settlement = new Settlement();
    private final Consumer<Undeliverable> undeliverableReporter;
    private final AtomicLong lastErrorLog = new AtomicLong();
    private int unsettled;

    /**
     * @param bufferCalls runs acknowledge/release in order, off the connection's reader thread (a durable commit may
     *     take milliseconds and would stall PUBACK processing)
     * @param counters where it counts what it publishes, acknowledges, releases and sets aside
     * @param nanoTime monotonic time source ({@code System::nanoTime}) for PUBACK latency and the watchdog's view
     *     ({@link #ackProgress()}): a wall clock stepped by NTP after boot would trip or blind the watchdog
     * @param undeliverableReporter hears of every reading set aside as undeliverable (drain thread; must not block)
     */
    public DeliveryPipeline(
            ReadingBuffer buffer,
            MessagePlanner planner,
            Publisher link,
            RateLimiter limiter,
            int window,
            int batchSize,
            Executor bufferCalls,
            UplinkCounters counters,
            LongSupplier nanoTime,
            Consumer<Undeliverable> undeliverableReporter) {
        this.undeliverableReporter = undeliverableReporter;
        this.buffer = buffer;
        this.planner = planner;
        this.link = link;
        this.limiter = limiter;
        this.inflight = new InflightWindow(window, nanoTime);
        this.batchSize = batchSize;
        this.bufferCalls = bufferCalls;
        this.counters = counters;
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
        BatchDelivery delivery = new BatchDelivery(batch, plan.messages().size() + 1, counters, settlement);
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

    private void publish(BatchDelivery delivery, List<OutboundMessage> messages) throws InterruptedException {
        for (OutboundMessage message : messages) {
            limiter.acquire(message.payload().length);
            inflight.acquireSlot();
            if (delivery.isFailed()) {
                inflight.releaseSlot();
                return;
            }
            InflightWindow.Message pending = inflight.open(delivery, message);
            try {
                link.publish(message.topic(), message.payload(), false, pending::acknowledged, pending::failed);
            } catch (PublishException e) {
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
    private void isolate(BatchDelivery delivery, OutboundMessage message, RuntimeException refusal)
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
     * The link dropped: every unacknowledged message has failed and its batch is released (the link then forgets
     * forget them, so a late PUBACK cannot complete one).
     */
    @Override
    public void connectionLost(Throwable cause) {
        settleFirst.set(true);
        inflight.failAll(cause);
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
        return inflight.ackProgress();
    }

    /** @return data messages published and not yet acknowledged */
    public int inflightMessages() {
        return inflight.size();
    }

    /** @return publish-to-PUBACK latency quantile over the last messages, in ms */
    public double pubackMillis(double quantile) {
        return inflight.pubackMillis(quantile);
    }

    /** Completes batches on the buffer: in order, off the connection's reader thread. */
    private final class Settlement implements BatchDelivery.Settlement {
        @Override
        public void acknowledge(Batch batch) {
            counters.acknowledgedBatches.incrementAndGet();
            settle(() -> buffer.acknowledge(batch));
        }

        @Override
        public void release(Batch batch) {
            settleFirst.set(true);
            counters.releasedBatches.incrementAndGet();
            settle(() -> buffer.release(batch));
        }
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
}
