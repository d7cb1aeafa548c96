package io.cityhub.traffic.definition;

import java.util.List;

/** An intersection definition is malformed or unsafe; the message lists every problem found. */
public final class DefinitionException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /**
     * @param source the file or resource the definition came from
     * @param problems every problem, each naming the groups and values involved; not empty
     */
    public DefinitionException(String source, List<String> problems) {
        super(source + ": invalid intersection definition: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** @return every problem found, in the order they were found */
    public List<String> problems() {
        return problems;
    }
}
