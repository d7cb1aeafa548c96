package io.cityhub.traffic.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that runs one intersection. It wakes when the next 100 ms step is due on the runner's monotonic clock,
 * and at least once a tick period (before the start and in the safe state there is no step, but the outputs are
 * watched). Waking for the step itself keeps the steps 100 ms apart: a fixed-rate timer of its own would drift against
 * the step clock and now and then wake just before a step, which then waited a whole period.
 *
 * <p>With a real-time priority above 0 the thread asks the kernel for {@code SCHED_FIFO} at that priority (util-linux
 * {@code chrt}, which needs root or {@code CAP_SYS_NICE}, as Kura runs), so a gateway busy with ingest does not
 * delay a step behind other threads. The controller's work per step is bounded (microseconds), so the thread never
 * holds a core. If the kernel refuses, the thread runs at normal priority and says why, once, at WARN.
 */
final class TickThread {

    private static final Logger LOG = LoggerFactory.getLogger(TickThread.class);

    private final IntersectionRunner runner;
    private final long periodMillis;
    private final int realtimePriority;
    private final String chrt;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile String scheduling = "starting";
    private volatile long nativeId = -1;

    /**
     * @param runner the intersection
     * @param periodMillis the longest the thread sleeps
     * @param realtimePriority SCHED_FIFO priority 1..99, or 0 for normal scheduling
     * @param chrt the command that sets a thread's scheduling ({@code chrt} on the PATH)
     */
    TickThread(IntersectionRunner runner, int periodMillis, int realtimePriority, String chrt) {
        this.runner = runner;
        this.periodMillis = periodMillis;
        this.realtimePriority = realtimePriority;
        this.chrt = chrt;
        this.thread = new Thread(this::run, "cityhub-traffic-" + runner.name());
        thread.setDaemon(true);
        thread.start();
    }

    /** @return how the thread is scheduled: {@code SCHED_FIFO <priority>}, or {@code normal} and why */
    String scheduling() {
        return scheduling;
    }

    /** @return the kernel's id of the thread (a task id on Linux), or -1 if not known (yet) */
    long nativeId() {
        return nativeId;
    }

    /** @return whether the thread ended within the timeout */
    boolean stop(long timeoutMillis) throws InterruptedException {
        stopped = true;
        LockSupport.unpark(thread);
        thread.join(timeoutMillis);
        return !thread.isAlive();
    }

    private void run() {
        schedule();
        while (!stopped) {
            tick();
            long wait = Math.min(runner.millisUntilNextStep(), periodMillis);
            if (wait > 0 && !stopped) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(wait));
            }
        }
    }

    private void tick() {
        try {
            runner.runDue();
        } catch (RuntimeException e) {
            // the tick thread's outermost guard: an escaped error would end the thread; outputs go safe
            LOG.error("{}: tick failed, safe state latched until an operator reset: {}", TrafficController.PID,
                    e.toString());
            runner.fail("tick failed: " + e);
        }
    }

    /** Finds this thread's kernel id and, if asked, makes it real-time. Runs on the tick thread itself. */
    private void schedule() {
        String tid;
        try {
            // /proc/thread-self names the calling thread: <pid>/task/<tid>
            tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
            nativeId = Long.parseLong(tid);
        } catch (IOException | UnsupportedOperationException | NumberFormatException e) {
            scheduling = "normal (thread id unknown: " + e + ")";
            if (realtimePriority > 0) {
                LOG.warn("{}: tick thread of {} runs at normal priority: {}", TrafficController.PID, runner.name(),
                        scheduling);
            }
            return;
        }
        if (realtimePriority == 0) {
            scheduling = "normal (tick.realtime.priority 0)";
            return;
        }
        String why;
        try {
            Process process = new ProcessBuilder(chrt, "--fifo", "-p", String.valueOf(realtimePriority), tid)
                    .redirectErrorStream(true).start();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readNBytes(2_000), StandardCharsets.UTF_8).trim();
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                why = chrt + " did not finish within 10 s";
            } else if (process.exitValue() == 0) {
                scheduling = "SCHED_FIFO " + realtimePriority;
                LOG.info("{}: tick thread of {} (task {}) runs SCHED_FIFO at priority {}", TrafficController.PID,
                        runner.name(), tid, realtimePriority);
                return;
            } else {
                why = chrt + " exited " + process.exitValue() + (output.isEmpty() ? "" : ": " + output);
            }
        } catch (IOException e) {
            why = "cannot run " + chrt + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "interrupted";
        }
        scheduling = "normal (" + why + ")";
        LOG.warn("{}: tick thread of {} runs at normal priority, so a busy gateway may delay its steps: {}",
                TrafficController.PID, runner.name(), why);
    }
}
