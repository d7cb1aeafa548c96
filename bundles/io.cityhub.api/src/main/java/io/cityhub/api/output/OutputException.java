package io.cityhub.api.output;

/** An output could not be driven: the hardware refused, or the output was closed. */
public class OutputException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the output id; never null
     * @param cause the underlying failure, or null
     */
    public OutputException(String message, Throwable cause) {
        super(message, cause);
    }
}
