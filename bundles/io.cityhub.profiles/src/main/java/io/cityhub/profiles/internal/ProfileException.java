package io.cityhub.profiles.internal;

/** A profile file that cannot be used: the message names the file and the reason. */
public final class ProfileException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param source the file
     * @param reason what is wrong
     */
    public ProfileException(String source, String reason) {
        super(source + ": " + reason);
    }
}
