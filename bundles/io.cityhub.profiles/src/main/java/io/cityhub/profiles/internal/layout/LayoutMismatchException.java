package io.cityhub.profiles.internal.layout;

/** A payload does not match its layout: where and in which field. */
public final class LayoutMismatchException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int offset;
    private final String field;

    /**
     * @param offset byte offset in the payload where the mismatch is
     * @param field the field being read, or null when none (a length or FPort check)
     * @param reason what is wrong
     */
    LayoutMismatchException(int offset, String field, String reason) {
        super(reason + " at byte offset " + offset + (field == null ? "" : " (field '" + field + "')"));
        this.offset = offset;
        this.field = field;
    }

    /** @return byte offset of the mismatch */
    public int offset() {
        return offset;
    }

    /** @return the field being read, null when none */
    public String field() {
        return field;
    }
}
