package org.eclipse.kura;

import java.util.Arrays;

/** Kura's checked exception, carrying a {@link KuraErrorCode}. */
public class KuraException extends Exception {

    private static final long serialVersionUID = 1L;

    private final KuraErrorCode code;

    /** @param code the error code, not null */
    public KuraException(KuraErrorCode code) {
        this(code, null, (Object[]) null);
    }

    /**
     * @param code the error code, not null
     * @param arguments details included in the message, may be null
     */
    public KuraException(KuraErrorCode code, Object... arguments) {
        this(code, null, arguments);
    }

    /**
     * @param code the error code, not null
     * @param cause the cause, may be null
     * @param arguments details included in the message, may be null
     */
    public KuraException(KuraErrorCode code, Throwable cause, Object... arguments) {
        super(code + (arguments == null || arguments.length == 0 ? "" : " " + Arrays.toString(arguments)), cause);
        this.code = code;
    }

    /** @return the error code */
    public KuraErrorCode getCode() {
        return code;
    }
}
