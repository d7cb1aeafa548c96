package io.cityhub.buffer.mapdb.internal;

import io.cityhub.api.buffer.BufferFullException;
import io.cityhub.api.buffer.BufferState;
import io.cityhub.api.buffer.BufferUnavailableException;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.mapdb.DBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only thread that writes the store. It groups the appends of one window (at most the commit window, or
 * until the commit size is reached) into one chunk per class, applies the bounds, deletes delivered chunks,
 * and makes all of it durable in one MapDB commit; only then do the appenders' stages complete.
 */
final class GroupCommitWriter implements Runnable {

    /**
     * One {@code append} call: all of its readings become durable in the same commit, or none.
     *
     * @param readings the encoded readings
     * @param bytes their stored size
     * @param done completes after the commit
     */
    record AppendRequest(List<EncodedReading> readings, long bytes, CompletableFuture<Void> done) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final long TICK_MILLIS = 200;

    private final BlockingQueue<AppendRequest> queue = new LinkedBlockingQueue<>();
    private final ChunkStore store;
    private final PendingIndex index;
    private final RetentionArchive archive;
    private final ChunkCodec codec;
    private final BufferCounters counters;
    private final BufferOptions options;
    private final Clock clock;
    private final FreeSpaceProbe probe;
    private final WindowPlan.Factory plans;
    private volatile boolean stopping;
    private long lastSampleMillis;
    private boolean storeSuspect;

    GroupCommitWriter(ChunkStore store, PendingIndex index, RetentionArchive archive, ChunkCodec codec,
            BufferCounters counters, BufferOptions options, Clock clock, FreeSpaceProbe probe) {
        this.store = store;
        this.index = index;
        this.archive = archive;
        this.codec = codec;
        this.counters = counters;
        this.options = options;
        this.clock = clock;
        this.probe = probe;
        this.plans = new WindowPlan.Factory(store, index, archive, codec, counters, options, store.nextSequence());
    }

    void submit(AppendRequest request) {
        if (stopping) {
            request.done().completeExceptionally(new BufferUnavailableException("the outbox is closing", null));
            return;
        }
        queue.add(request);
    }

    /** Asks the thread to finish the current window and stop. */
    void stop() {
        stopping = true;
    }

    @Override
    public void run() {
        while (!stopping) {
            List<AppendRequest> window;
            try {
                window = collect();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                process(window);
            } catch (RuntimeException e) {
                // outermost guard of the writer thread: one failed window must not stop the outbox
                LOG.error("Outbox window failed", e);
                fail(window, new BufferUnavailableException("outbox write failed: " + e, e));
            }
        }
        // appends that arrived before stop() still get their commit; later ones fail in submit()
        List<AppendRequest> left = new ArrayList<>();
        queue.drainTo(left);
        try {
            process(left);
        } catch (RuntimeException e) {
            LOG.error("Last outbox window failed", e);
            fail(left, new BufferUnavailableException("outbox write failed: " + e, e));
        }
    }

    private List<AppendRequest> collect() throws InterruptedException {
        List<AppendRequest> window = new ArrayList<>();
        AppendRequest first = queue.poll(TICK_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
            return window;
        }
        window.add(first);
        int readings = first.readings().size();
        long deadline = System.nanoTime() + options.commitWindow().toNanos();
        List<AppendRequest> drained = new ArrayList<>();
        while (readings < options.commitMaxReadings()) {
            // take what is queued in one go (one lock round trip), wait only when the queue is empty
            if (queue.drainTo(drained, 256) == 0) {
                AppendRequest next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (next == null) {
                    break;
                }
                drained.add(next);
            }
            for (AppendRequest r : drained) {
                window.add(r);
                readings += r.readings().size();
            }
            drained.clear();
        }
        return window;
    }

    private void process(List<AppendRequest> window) {
        long now = clock.millis();
        if (now - lastSampleMillis >= 1000) {
            lastSampleMillis = now;
            counters.sampleRates(now);
            counters.sizeOnDisk(store.sizeOnDisk());
        }
        if (storeSuspect && !reopenStore()) {
            fail(window, new BufferUnavailableException("the outbox store cannot be reopened yet", null));
            return;
        }
        List<AppendRequest> appends = window;
        if (!spaceLeft()) {
            counters.state(BufferState.DISK_FULL, "less than " + options.minFreeBytes() + " bytes free on the store's disk");
            fail(window, new BufferUnavailableException("no space left on the store's disk", null));
            // housekeeping goes on: deleting delivered and expired chunks is what gives space back
            appends = List.of();
        } else if (counters.state() == BufferState.DISK_FULL) {
            counters.state(BufferState.AVAILABLE, "disk space is back");
        } else if (counters.state() == BufferState.UNAVAILABLE) {
            counters.state(BufferState.AVAILABLE, "store reopened after a failed commit");
        }
        WindowPlan plan = plans.plan(appends, now);
        for (AppendRequest rejected : plan.rejected()) {
            counters.state(BufferState.FULL, "outbox at its bound of " + options.maxBytes() + " bytes");
            rejected.done().completeExceptionally(
                    new BufferFullException("outbox at its bound of " + options.maxBytes() + " bytes"));
        }
        if (plan.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        try {
            plan.write();
            store.commit();
        } catch (DBException e) {
            rollBack(plan, e);
            return;
        }
        counters.committed((System.nanoTime() - started) / 1000);
        plan.applyCommitted();
        if (counters.state() == BufferState.UNAVAILABLE
                || counters.state() == BufferState.FULL && plan.rejected().isEmpty()
                        && index.pendingBytes() < options.maxBytes()) {
            counters.state(BufferState.AVAILABLE, "commit succeeded with room left");
        }
        for (AppendRequest r : plan.accepted()) {
            r.done().complete(null);
        }
    }

    private void rollBack(WindowPlan plan, DBException cause) {
        plan.undo();
        storeSuspect = true;
        reopenStore();
        boolean diskFull = !spaceLeft();
        counters.state(diskFull ? BufferState.DISK_FULL : BufferState.UNAVAILABLE, "commit failed: " + cause);
        LOG.debug("commit failed", cause);
        fail(plan.accepted(), new BufferUnavailableException(
                diskFull ? "no space left on the store's disk" : "outbox commit failed: " + cause, cause));
    }

    /** @return whether the store is usable again; memory already matches the last commit (plans are undone) */
    private boolean reopenStore() {
        try {
            index.exclusive(store::reopen);
            storeSuspect = false;
            return true;
        } catch (RuntimeException e) {
            // MapDB reports I/O trouble as several runtime exception types; stay UNAVAILABLE/DISK_FULL, retry next tick
            LOG.debug("reopening the outbox store failed", e);
            return false;
        }
    }

    private boolean spaceLeft() {
        try {
            return probe.usableBytes() > options.minFreeBytes();
        } catch (IOException e) {
            LOG.debug("cannot ask the file system for free space: {}", e.toString());
            return true; // unknown: let the commit tell
        }
    }

    private static void fail(List<AppendRequest> requests, Throwable error) {
        for (AppendRequest r : requests) {
            r.done().completeExceptionally(error);
        }
    }
}
