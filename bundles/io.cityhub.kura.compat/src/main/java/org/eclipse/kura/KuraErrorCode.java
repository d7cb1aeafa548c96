package org.eclipse.kura;

/**
 * The subset of Kura's error codes cityhub raises or handles. Constant names match Kura's, so code compiled
 * against this type links against Kura's enum.
 */
public enum KuraErrorCode {
    /** A configuration value is invalid. */
    CONFIGURATION_ERROR,
    /** An unexpected internal failure. */
    INTERNAL_ERROR,
    /** The operation is not supported. */
    OPERATION_NOT_SUPPORTED,
    /** A request was malformed. */
    BAD_REQUEST,
    /** A requested resource does not exist. */
    NOT_FOUND,
    /** A service needed for the operation is unavailable. */
    SERVICE_UNAVAILABLE,
    /** A store operation failed. */
    STORE_ERROR,
    /** A parameter is invalid. */
    INVALID_PARAMETER
}
