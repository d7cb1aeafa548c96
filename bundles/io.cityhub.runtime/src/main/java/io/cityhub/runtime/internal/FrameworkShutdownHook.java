package io.cityhub.runtime.internal;

import java.time.Duration;
import java.util.Objects;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JVM shutdown hook that stops the OSGi framework and waits for it, so SIGTERM or Ctrl-C deactivates every
 * component (MapDB closes, MQTT disconnects). The bnd launcher's own hook only deletes its storage directory
 * and never stops the framework (notes/toolchain.md §2.5). Never used inside Kura, which owns its lifecycle.
 */
final class FrameworkShutdownHook {

    private static final Logger LOG = LoggerFactory.getLogger(FrameworkShutdownHook.class);

    private final Framework framework;
    private final Duration timeout;
    private final Thread thread;
    private boolean installed;

    /**
     * @param framework the framework to stop (the system bundle adapted to {@link Framework})
     * @param timeout how long the hook waits for the framework to stop; the JVM exits after it regardless
     */
    FrameworkShutdownHook(Framework framework, Duration timeout) {
        this.framework = Objects.requireNonNull(framework, "framework");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.thread = new Thread(this::stopFramework, "cityhub-shutdown-hook");
    }

    /** Registers the hook with the JVM; does nothing if it is registered already. */
    synchronized void install() {
        if (!installed) {
            Runtime.getRuntime().addShutdownHook(thread);
            installed = true;
        }
    }

    /** @return whether the hook is registered */
    synchronized boolean isInstalled() {
        return installed;
    }

    /**
     * Unregisters the hook. Does nothing if it is not registered, or if the JVM is already shutting down (then
     * the hook is running or about to, and this very call may come from the framework stop it started).
     */
    synchronized void remove() {
        if (!installed) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException e) {
            LOG.debug("JVM already shutting down; shutdown hook stays", e);
        }
        installed = false;
    }

    /** Stops the framework and waits for it; the hook thread's body, package-private for tests. */
    void stopFramework() {
        LOG.info("cityhub: JVM shutting down; stopping the OSGi framework");
        try {
            framework.stop();
            FrameworkEvent event = framework.waitForStop(timeout.toMillis());
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                LOG.warn("cityhub: the OSGi framework did not stop within {} ms; exiting anyway",
                        timeout.toMillis());
            } else {
                LOG.info("cityhub: OSGi framework stopped");
            }
        } catch (BundleException | IllegalStateException e) {
            LOG.error("cityhub: cannot stop the OSGi framework", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("cityhub: interrupted while waiting for the OSGi framework to stop");
        }
    }
}
