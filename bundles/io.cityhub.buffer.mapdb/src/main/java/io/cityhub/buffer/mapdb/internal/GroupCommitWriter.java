package io.cityhub.buffer.mapdb.internal;

import io.cityhub.api.Priority;
import io.cityhub.api.buffer.BufferBusyException;
import io.cityhub.api.buffer.BufferFullException;
import io.cityhub.api.buffer.BufferState;
import io.cityhub.api.buffer.BufferUnavailableException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.mapdb.DBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only thread that writes the store. It commits as soon as it is free (natural group commit, as database logs
 * do): while one commit runs, the appends that arrive queue up, and the next commit takes all of them at once (up
 * to the commit size). A light load thus costs one commit per append without any waiting window, and a heavy load
 * batches by itself. An optional minimum interval between commits spares flash wear. Each commit writes one chunk
 * per class, applies the bounds, deletes delivered chunks and makes all of it durable in one journal record with one
 * fdatasync ({@link ChunkJournal}); only then do the appenders' stages complete. They complete on a thread of their
 * own ({@value #ACK_THREAD}), in commit order: what an appender does next (a CoAP source sends its answer) then runs
 * beside the next commit instead of before it. About once a second a checkpoint writes the changes into the MapDB
 * file.
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

        boolean holdsSafety() {
            for (EncodedReading r : readings) {
                if (r.reading().priority() == Priority.SAFETY) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Name of the thread that completes the appenders' stages after their commit. */
    static final String ACK_THREAD = "cityhub-outbox-ack";

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final long TICK_MILLIS = 200;
    private static final long NEVER = Long.MIN_VALUE;

    /**
     * Commits' worth ({@code commit.max.readings} each) of readings that may wait in {@link #queue} at most; beyond
     * that appends are refused with {@link BufferBusyException} until the writer catches up. Without a bound, readings
     * arriving faster than the store writes them (a slow flash, a machine starved of CPU) pile up in the heap until
     * the collector spends all its time on them and the gateway answers nothing at all.
     */
    static final int QUEUED_COMMITS = 4;

    private final BlockingQueue<AppendRequest> queue = new LinkedBlockingQueue<>();
    /** Readings in {@link #queue}: added by appenders, taken off by the writer. */
    private final AtomicLong queuedReadings = new AtomicLong();
    /** Free space kept for a checkpoint, per byte of journal: its write-ahead log and the file's growth. */
    static final long CHECKPOINT_SPACE_FACTOR = 2;

    private final ChunkStore store;
    private final PendingIndex index;
    private final RetentionArchive archive;
    private final ChunkCodec codec;
    private final BufferCounters counters;
    private final Supplier<BufferOptions> options;
    private final Clock clock;
    /** The monotonic clock ({@link System#nanoTime()}) that ages pending readings. */
    private final LongSupplier monotonic;
    private final DiskSpaceGuard space;
    private final WindowTransaction.Context transactions;
    private final ExecutorService acks = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, ACK_THREAD);
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopping;
    private long lastSampleMillis;
    /** Clock time at which the last commit began; {@link #NEVER} before the first. */
    private long lastCommitMillis = NEVER;
    private boolean storeSuspect;
    /**
     * A checkpoint (MapDB commit) failed part way. MapDB 3.1.0's {@code StoreWAL.commit()} first completes its
     * write-ahead log, then writes the store file; an ENOSPC there leaves the file half updated, and neither
     * {@code rollback()} nor close + reopen give back a readable store (measured on a full tmpfs). The same {@code DB}
     * still holds every change in memory, and committing again rewrites all of it to the same offsets, so it is
     * retried before anything else until space returns. The journal keeps every acknowledged change meanwhile.
     */
    private boolean checkpointUnfinished;
    /**
     * The transaction whose journal record could not be written or forced (a full disk); it is finished (rolled
     * forward), never rolled back: its changes are already in MapDB's memory, which cannot drop one commit's changes
     * without dropping everything since the last checkpoint. The journal keeps its operations, and writing the same
     * record again until space returns makes it durable.
     */
    private WindowTransaction unfinished;

    GroupCommitWriter(ChunkStore store, PendingIndex index, RetentionArchive archive, ChunkCodec codec,
            BufferCounters counters, Supplier<BufferOptions> options, Clock clock, LongSupplier monotonic,
            FreeSpaceProbe probe, long maxChunks) {
        this.store = store;
        this.index = index;
        this.archive = archive;
        this.codec = codec;
        this.counters = counters;
        this.options = options;
        this.clock = clock;
        this.monotonic = monotonic;
        // Appends stop while the free space would not also hold the next checkpoint: MapDB writes the journal's
        // changes into its write-ahead log and then into the file, so a journal that filled the disk could never be
        // checkpointed, and the outbox would stay DISK_FULL even after some space came back.
        this.space = new DiskSpaceGuard(probe, () -> options.get().minFreeBytes(),
                () -> CHECKPOINT_SPACE_FACTOR * store.journalBytes());
        this.transactions =
                new WindowTransaction.Context(store, index, archive, codec, counters, options, store.nextSequence(),
                        maxChunks);
    }

    void submit(AppendRequest request) {
        if (stopping) {
            request.done().completeExceptionally(new BufferUnavailableException("the outbox is closing", null));
            return;
        }
        int n = request.readings().size();
        long limit = (long) QUEUED_COMMITS * options.get().commitMaxReadings();
        long queued = queuedReadings.addAndGet(n);
        // an append larger than the bound still goes through when nothing waits, and safety events always do
        if (queued > limit && queued > n && !request.holdsSafety()) {
            queuedReadings.addAndGet(-n);
            counters.refusedBusy(n);
            request.done().completeExceptionally(new BufferBusyException("the outbox is " + (queued - n)
                    + " readings behind its writer (at most " + limit + " wait for a commit); try later"));
            return;
        }
        queue.add(request);
    }

    /** @return {@code request}, no longer counted as waiting; null if null */
    private AppendRequest taken(AppendRequest request) {
        if (request != null) {
            queuedReadings.addAndGet(-request.readings().size());
        }
        return request;
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
        left.forEach(this::taken);
        try {
            process(left);
        } catch (RuntimeException e) {
            LOG.error("Last outbox window failed", e);
            fail(left, new BufferUnavailableException("outbox write failed: " + e, e));
        }
        if (unfinished != null || checkpointUnfinished) {
            LOG.error("Outbox closes with a commit or checkpoint interrupted by a full disk still unfinished; the next "
                    + "start replays the journal, or salvages the store's chunks (nothing acknowledged is lost)");
        }
        finishAcknowledgements();
    }

    /** Completes the durable appends' stages on the acknowledging thread, in commit order. */
    private void acknowledge(List<AppendRequest> accepted) {
        if (accepted.isEmpty()) {
            return;
        }
        List<AppendRequest> durable = List.copyOf(accepted);
        try {
            acks.execute(() -> durable.forEach(r -> r.done().complete(null)));
        } catch (RejectedExecutionException e) {
            durable.forEach(r -> r.done().complete(null)); // closing: complete here rather than never
        }
    }

    /** Lets the acknowledging thread finish what it was given; the writer's last act before it ends. */
    private void finishAcknowledgements() {
        acks.shutdown();
        try {
            if (!acks.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Outbox closes while appenders' stages are still being completed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits for the first append, then takes everything that queued up meanwhile (typically while the previous
     * commit ran), without waiting for more. With a minimum interval, the window stays open until that much time
     * has passed since the last commit began, still taking what arrives; reaching the commit size ends it early.
     */
    private List<AppendRequest> collect() throws InterruptedException {
        List<AppendRequest> window = new ArrayList<>();
        AppendRequest first = taken(queue.poll(TICK_MILLIS, TimeUnit.MILLISECONDS));
        if (first == null) {
            return window;
        }
        window.add(first);
        int readings = takeQueued(window, first.readings().size());
        long interval = options.get().commitMinInterval().toMillis();
        if (interval > 0 && lastCommitMillis != NEVER) {
            long wait;
            while (readings < options.get().commitMaxReadings() && !stopping
                    && (wait = lastCommitMillis + interval - clock.millis()) > 0) {
                // bounded by the tick so that a clock set by hand (tests) or stepped is noticed
                AppendRequest next = taken(queue.poll(Math.min(wait, TICK_MILLIS), TimeUnit.MILLISECONDS));
                if (next != null) {
                    window.add(next);
                    readings = takeQueued(window, readings + next.readings().size());
                }
            }
        }
        return window;
    }

    /** Moves queued appends into {@code window} until the commit size is reached; never waits. */
    private int takeQueued(List<AppendRequest> window, int readings) {
        int total = readings;
        AppendRequest next;
        while (total < options.get().commitMaxReadings() && (next = taken(queue.poll())) != null) {
            window.add(next);
            total += next.readings().size();
        }
        return total;
    }

    private void process(List<AppendRequest> window) {
        long now = clock.millis();
        if (now - lastSampleMillis >= 1000) {
            lastSampleMillis = now;
            counters.sampleRates(now);
            counters.sizeOnDisk(store.sizeOnDisk());
        }
        if (checkpointUnfinished && !finishCheckpoint()) {
            fail(
                    window,
                    new BufferUnavailableException(
                            counters.state() == BufferState.DISK_FULL
                                    ? "no space left on the store's disk"
                                    : "an interrupted outbox checkpoint is not finished yet",
                            null));
            return;
        }
        if (unfinished != null && !finishInterruptedCommit()) {
            fail(window, new BufferUnavailableException(counters.state() == BufferState.DISK_FULL
                    ? "no space left on the store's disk" : "an interrupted outbox commit is not finished yet", null));
            return;
        }
        if (storeSuspect && !reopenStore()) {
            fail(window, new BufferUnavailableException("the outbox store cannot be reopened yet", null));
            return;
        }
        List<AppendRequest> appends = window;
        if (!space.hasRoom()) {
            counters.state(BufferState.DISK_FULL, "less than " + options.get().minFreeBytes()
                    + " bytes (plus room for the next checkpoint) free on the store's disk");
            fail(window, new BufferUnavailableException("no space left on the store's disk", null));
            // housekeeping goes on: deleting delivered and expired chunks is what gives space back
            appends = List.of();
        } else if (counters.state() == BufferState.DISK_FULL) {
            counters.state(BufferState.AVAILABLE, "disk space is back");
        } else if (counters.state() == BufferState.UNAVAILABLE) {
            counters.state(BufferState.AVAILABLE, "store reopened after a failed commit");
        }
        WindowTransaction tx = transactions.begin(appends, now, monotonic.getAsLong());
        for (AppendRequest rejected : tx.rejected()) {
            counters.state(BufferState.FULL, tx.fullReason());
            rejected.done().completeExceptionally(new BufferFullException(tx.fullReason()));
        }
        if (tx.isEmpty()) {
            checkpointIfDue();
            return;
        }
        Instant started = clock.instant();
        lastCommitMillis = started.toEpochMilli();
        try {
            tx.stage();
        } catch (DBException e) {
            // MapDB stages a transaction in memory and in its WAL only: the store file is untouched, reopen it
            rollBack(tx, e);
            return;
        }
        try {
            store.commit();
        } catch (UncheckedIOException e) {
            interrupted(tx, e);
            return;
        }
        counters.committed(Duration.between(started, clock.instant()).toNanos() / 1000);
        tx.committed();
        if (counters.state() == BufferState.UNAVAILABLE
                || counters.state() == BufferState.FULL && tx.rejected().isEmpty()
                        && index.pendingBytes() < options.get().maxBytes()) {
            counters.state(BufferState.AVAILABLE, "commit succeeded with room left");
        }
        acknowledge(tx.accepted());
        // a checkpoint's MapDB commit never delays an answer that is already durable: those go out meanwhile
        checkpointIfDue();
    }

    /** Brings the MapDB file up to date once the journal is long or old enough; see {@link ChunkStore#checkpoint}. */
    private void checkpointIfDue() {
        long now = clock.millis();
        if (!store.checkpointDue(now)) {
            return;
        }
        try {
            store.checkpoint(now);
            counters.checkpointed();
        } catch (DBException e) {
            // the journal still holds every acknowledged change; appends wait until the checkpoint is finished
            checkpointUnfinished = true;
            LOG.debug("checkpoint failed part way, will be finished", e);
            if (ChunkStore.outOfSpace(e)) {
                space.commitFailedForLackOfSpace();
            }
            boolean diskFull = ChunkStore.outOfSpace(e) || !space.hasRoom();
            counters.state(diskFull ? BufferState.DISK_FULL : BufferState.UNAVAILABLE, "checkpoint failed: " + e);
        }
    }

    /** @return whether the interrupted checkpoint is now complete; retried every tick until then */
    private boolean finishCheckpoint() {
        try {
            store.checkpoint(clock.millis());
        } catch (DBException e) {
            if (ChunkStore.outOfSpace(e)) {
                LOG.debug("interrupted checkpoint still cannot be finished: {}", rootCause(e).toString());
                return false;
            }
            // not a lack of space: MapDB's memory cannot be trusted; reopen the file and replay the journal
            LOG.error("Cannot finish the outbox checkpoint interrupted by a full disk; reopening the store", e);
            checkpointUnfinished = false;
            storeSuspect = true;
            return false;
        }
        checkpointUnfinished = false;
        counters.checkpointed();
        LOG.info("Finished the outbox checkpoint interrupted by a full disk");
        return true;
    }

    private void rollBack(WindowTransaction tx, DBException cause) {
        tx.rolledBack();
        storeSuspect = true;
        reopenStore();
        LOG.debug("commit failed", cause);
        reportFailedCommit(tx, cause);
    }

    /**
     * Sets the state and fails the window's appenders: nothing of a failed commit was reported durable. The probe
     * alone misses a disk filled by another process between our check and MapDB's write: the commit's own ENOSPC
     * is the proof, and the state must say DISK_FULL, not a vague UNAVAILABLE.
     */
    private void reportFailedCommit(WindowTransaction tx, RuntimeException cause) {
        boolean noSpace = ChunkStore.outOfSpace(cause);
        if (noSpace) {
            space.commitFailedForLackOfSpace();
        }
        boolean diskFull = noSpace || !space.hasRoom();
        String why = "commit failed: " + cause + (rootCause(cause) == cause ? "" : " (" + rootCause(cause) + ")");
        counters.state(diskFull ? BufferState.DISK_FULL : BufferState.UNAVAILABLE, why);
        fail(tx.accepted(), new BufferUnavailableException(
                diskFull ? "no space left on the store's disk" : "outbox commit failed: " + cause, cause));
    }

    /**
     * A commit failed part way: its appenders learn it now (a source answers CoAP 5.03 at once rather than after
     * hours), while the commit itself is finished later by {@link #finishInterruptedCommit()}. Its chunks then
     * become durable after all and are delivered: a source that retried sends the same deterministic ids again,
     * which at-least-once delivery allows and the platform drops; a source that did not retry loses nothing.
     */
    private void interrupted(WindowTransaction tx, RuntimeException cause) {
        unfinished = tx;
        LOG.debug("commit failed part way, will be finished", cause);
        reportFailedCommit(tx, cause);
    }

    /** @return whether the interrupted commit is now complete on disk; retried every tick until then */
    private boolean finishInterruptedCommit() {
        try {
            store.commit();
        } catch (UncheckedIOException e) {
            if (ChunkStore.outOfSpace(e)) {
                LOG.debug("interrupted commit still cannot be finished: {}", rootCause(e).toString());
                return false;
            }
            // not a lack of space: the in-memory transaction cannot be trusted to finish; reopen what is on disk
            // (if the file is damaged, the next start salvages it)
            LOG.error("Cannot finish the outbox commit interrupted by a full disk; reopening the store", e);
            WindowTransaction tx = unfinished;
            unfinished = null;
            tx.rolledBack();
            storeSuspect = true;
            return false;
        }
        WindowTransaction tx = unfinished;
        unfinished = null;
        tx.committed();
        LOG.info("Finished the outbox commit interrupted by a full disk");
        return true;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /**
     * @return whether the store is usable again; memory already matches the last commit (failed transactions are rolled
     *     back)
     */
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

    private static void fail(List<AppendRequest> requests, Throwable error) {
        for (AppendRequest r : requests) {
            r.done().completeExceptionally(error);
        }
    }
}
