package io.cityhub.sensor.gpio.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The production {@link PinScheduler}: one named daemon thread per pin. */
final class ExecutorPinScheduler implements PinScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorPinScheduler.class);

    private final ScheduledExecutorService executor;

    /** @param threadName names the pin's timer thread, e.g. {@code cityhub-gpio-17} */
    ExecutorPinScheduler(String threadName) {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(() -> guarded(runnable), threadName);
            thread.setDaemon(true);
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true);
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor = pool;
    }

    private static void guarded(Runnable runnable) {
        try {
            runnable.run();
        } catch (RuntimeException | Error e) { // outermost guard of the thread
            LOG.error("GPIO timer thread {} failed", Thread.currentThread().getName(), e);
            throw e;
        }
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        var future = executor.schedule(logged(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public Cancellable every(Runnable task, Duration period) {
        long nanos = period.toNanos();
        var future = executor.scheduleAtFixedRate(logged(task), nanos, nanos, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    /** A periodic task that throws is never run again by the executor; log it and keep the timer alive. */
    private static Runnable logged(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("GPIO timer task failed", e);
            }
        };
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.warn("GPIO timer thread did not stop within 2 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
