package io.cityhub.forward.mqtt.internal.delivery;

import io.cityhub.api.buffer.Batch;
import io.cityhub.forward.mqtt.internal.delivery.MessagePlanner.OutboundMessage;

/**
 * One buffer batch on its way: acknowledged when all its messages are (or were set aside), released on the first
 * failure. It starts with one slot more than its messages, for the planning itself, so it cannot complete while
 * messages are still being added; the pipeline closes that slot with {@link #messageSetAside()}.
 */
final class BatchDelivery implements InflightWindow.Owner {

    /** Where a completed batch goes: acknowledged or released to the buffer. */
    interface Settlement {
        void acknowledge(Batch batch);

        void release(Batch batch);
    }

    private final Batch batch;
    private final UplinkCounters counters;
    private final Settlement settlement;
    private int remaining;
    private boolean failed;

    BatchDelivery(Batch batch, int messages, UplinkCounters counters, Settlement settlement) {
        this.batch = batch;
        this.remaining = messages;
        this.counters = counters;
        this.settlement = settlement;
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
        settlement.acknowledge(batch);
    }

    /** Settled without a PUBACK: it will never be sent, so it no longer holds the batch back. */
    void messageSetAside() {
        messageAcknowledged();
    }

    @Override
    public void acknowledged(OutboundMessage message) {
        counters.publishedMessages.incrementAndGet();
        counters.publishedReadings.addAndGet(message.readings().size());
        counters.publishedBytes.addAndGet(message.payload().length);
        messageAcknowledged();
    }

    @Override
    public void failed() {
        messageFailed();
    }

    /** More messages replace one (a refused message's readings published one by one). */
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
        settlement.release(batch);
    }
}
