package io.cityhub.sensor.gpio.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A {@link PinScheduler} on virtual time: tasks run only when a test advances the time, on the test's thread. */
final class ManualPinScheduler implements PinScheduler {

    private final Instant base;
    private final List<Task> tasks = new ArrayList<>();
    private long now;
    private long sequence;
    private boolean closed;

    private final class Task implements Cancellable {
        final Runnable body;
        final long period;
        final long order = sequence++;
        long due;
        boolean cancelled;

        Task(Runnable body, long due, long period) {
            this.body = body;
            this.due = due;
            this.period = period;
        }

        @Override
        public void cancel() {
            synchronized (ManualPinScheduler.this) {
                cancelled = true;
                tasks.remove(this);
            }
        }
    }

    ManualPinScheduler(Instant base) {
        this.base = base;
    }

    /** @return a wall clock that moves with this scheduler's virtual time */
    Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return base.plusNanos(nanoTime());
            }
        };
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, Duration delay) {
        Task t = new Task(task, now + delay.toNanos(), 0);
        tasks.add(t);
        return t;
    }

    @Override
    public synchronized Cancellable every(Runnable task, Duration period) {
        Task t = new Task(task, now + period.toNanos(), period.toNanos());
        tasks.add(t);
        return t;
    }

    /** Moves virtual time forward, running every task that falls due, in time order. */
    void advance(Duration duration) {
        long target;
        synchronized (this) {
            target = now + duration.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> t.due <= target)
                        .min(Comparator.<Task>comparingLong(t -> t.due).thenComparingLong(t -> t.order))
                        .orElse(null);
                if (next == null) {
                    now = target;
                    return;
                }
                now = next.due;
                if (next.period > 0) {
                    next.due += next.period;
                } else {
                    tasks.remove(next);
                }
            }
            next.body.run();
        }
    }

    /** @return tasks still scheduled */
    synchronized int pending() {
        return tasks.size();
    }

    synchronized boolean closed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
        tasks.clear();
    }
}
