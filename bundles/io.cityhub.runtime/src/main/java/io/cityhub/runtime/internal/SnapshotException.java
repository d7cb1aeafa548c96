package io.cityhub.runtime.internal;

/**
 * A snapshot file that cannot be used: not XML, not in Kura's snapshot format, or holding a value that does not
 * parse as its declared type. The message reads {@code <file>:<line>: <problem>}, like a compiler's, so an
 * installer can go straight to the line.
 */
public final class SnapshotException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String problem;

    /**
     * @param file the file as the user named it, not null
     * @param line the 1-based line of the problem
     * @param problem what is wrong, not null
     */
    public SnapshotException(String file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    /** @return the file as the user named it */
    public String file() {
        return file;
    }

    /** @return the 1-based line of the problem */
    public int line() {
        return line;
    }

    /** @return what is wrong, without file and line */
    public String problem() {
        return problem;
    }
}
