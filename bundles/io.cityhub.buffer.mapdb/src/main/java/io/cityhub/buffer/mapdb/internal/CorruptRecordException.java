package io.cityhub.buffer.mapdb.internal;

/** A stored record could not be decoded: truncated, garbage, or written in an unknown format. */
final class CorruptRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    CorruptRecordException(String message) {
        super(message);
    }

    CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
