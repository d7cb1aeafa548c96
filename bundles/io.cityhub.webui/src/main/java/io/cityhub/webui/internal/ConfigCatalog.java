package io.cityhub.webui.internal;

import java.util.List;
import java.util.Optional;
import org.osgi.service.metatype.ObjectClassDefinition;

/** The configurable cityhub components the UI offers: each PID or factory PID with its metatype. */
interface ConfigCatalog {

    /**
     * One configurable thing.
     *
     * @param pid the PID, or the factory PID if {@code factory}
     * @param factory whether instances are created per device
     * @param ocd its metatype
     */
    record Entry(String pid, boolean factory, ObjectClassDefinition ocd) {
    }

    /** @return every cityhub PID and factory PID with a metatype, sorted by PID */
    List<Entry> entries();

    /**
     * @param pid a PID or factory PID
     * @return its entry if it is a cityhub one
     */
    default Optional<Entry> find(String pid) {
        return entries().stream().filter(e -> e.pid().equals(pid)).findFirst();
    }
}
