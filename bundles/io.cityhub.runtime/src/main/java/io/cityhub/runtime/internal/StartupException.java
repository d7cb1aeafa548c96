package io.cityhub.runtime.internal;

/** Start-up of the standalone runtime cannot go on; the message says why, for a person reading the log. */
final class StartupException extends Exception {

    private static final long serialVersionUID = 1L;

    StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
