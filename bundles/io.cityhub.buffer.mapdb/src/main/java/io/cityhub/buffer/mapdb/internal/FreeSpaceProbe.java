package io.cityhub.buffer.mapdb.internal;

import java.io.IOException;
import java.nio.file.FileStore;
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

    /**
     * The probe of the real file system holding {@code directory}. The writer asks before every commit: finding the
     * {@link FileStore} reads the whole mount table, so it is found once and asked again and again (a
     * {@code statvfs} of the directory each time, which follows whatever is mounted there now); found anew after the
     * file system could not be asked.
     *
     * @param directory the store directory
     * @return a probe for one thread at a time (the writer's)
     */
    static FreeSpaceProbe of(Path directory) {
        return new FreeSpaceProbe() {
            private FileStore fileStore;

            @Override
            public long usableBytes() throws IOException {
                if (fileStore == null) {
                    fileStore = Files.getFileStore(directory);
                }
                try {
                    return fileStore.getUsableSpace();
                } catch (IOException e) {
                    fileStore = null;
                    throw e;
                }
            }
        };
    }
}
