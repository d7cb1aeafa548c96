package io.cityhub.buffer.mapdb.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Usable space of the file system that holds the store; injected so tests can simulate a full disk. */
@FunctionalInterface
interface FreeSpaceProbe {

    /**
     * @return bytes an unprivileged writer can still use
     * @throws IOException if the file system cannot be asked
     */
    long usableBytes() throws IOException;

    /** @return the probe of the real file system holding {@code directory} */
    static FreeSpaceProbe of(Path directory) {
        return () -> Files.getFileStore(directory).getUsableSpace();
    }
}
