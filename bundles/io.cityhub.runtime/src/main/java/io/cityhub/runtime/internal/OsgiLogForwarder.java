package io.cityhub.runtime.internal;

import java.util.Objects;
import org.osgi.framework.Bundle;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards OSGi log entries (OSGi Log Service, read through the framework's LogReaderService) to slf4j, so what
 * SCR and the framework report — above all a component whose activation failed, with the exception that failed it
 * — appears in the gateway's log. Kura bridges these entries to its own log; the standalone runtime has only this.
 *
 * <p>Only WARNING and ERROR entries are forwarded: INFO and DEBUG entries from SCR describe every wiring step and
 * would bury the gateway's own lines. The logger name is {@code osgi.<bundle symbolic name>}, so a technician can
 * tell SCR's entries from cityhub's.
 */
final class OsgiLogForwarder implements LogListener {

    static final String LOGGER_PREFIX = "osgi.";

    private final LoggerLookup loggers;

    /** How a logger is found by name; slf4j's LoggerFactory in production, a recorder in tests. */
    @FunctionalInterface
    interface LoggerLookup {
        /**
         * @param name the logger name
         * @return the logger
         */
        Logger logger(String name);
    }

    OsgiLogForwarder() {
        this(LoggerFactory::getLogger);
    }

    OsgiLogForwarder(LoggerLookup loggers) {
        this.loggers = Objects.requireNonNull(loggers, "loggers");
    }

    @Override
    @SuppressWarnings(
            "deprecation") // getLevel is the Log 1.3 API; Kura's Equinox 3.16 provides Log 1.4, which keeps it
    public void logged(LogEntry entry) {
        int level = entry.getLevel();
        if (level != LogService.LOG_ERROR && level != LogService.LOG_WARNING) {
            return;
        }
        Bundle bundle = entry.getBundle();
        String source = bundle == null || bundle.getSymbolicName() == null ? "framework" : bundle.getSymbolicName();
        Logger logger = loggers.logger(LOGGER_PREFIX + source);
        Throwable exception = entry.getException();
        String message = exception == null ? entry.getMessage() : entry.getMessage() + ": " + reason(exception);
        if (level == LogService.LOG_ERROR) {
            // the stack trace only for errors: that is where a developer needs it, and a warning stays one line
            logger.error(message, exception);
        } else {
            logger.warn(message);
        }
    }

    /** The innermost cause's message: for an activation failure, the component's own IllegalArgumentException. */
    static String reason(Throwable exception) {
        Throwable cause = exception;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == exception ? String.valueOf(exception) : exception + " caused by " + cause;
    }
}
