package io.cityhub.api.buffer;

/** Whether the outbox takes appends, and if not, why. */
public enum BufferState {
    /** Appends are taken. */
    AVAILABLE,
    /** At the bound with the reject-new policy: appends fail with {@link BufferFullException}. */
    FULL,
    /** The file system has no space left: appends fail with {@link BufferUnavailableException}. */
    DISK_FULL,
    /** Closed or failed: appends fail with {@link BufferUnavailableException}. */
    UNAVAILABLE
}
