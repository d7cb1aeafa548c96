package io.cityhub.tools;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small, really separate file system for a system test: a tmpfs of a few MiB mounted on an empty folder, which
 * a test can fill with a ballast file (the logs or another program that fill a gateway's flash) and free again.
 * Mounting needs root (or CAP_SYS_ADMIN), as the project's tests and CI ({@code .ci/run}) run here; elsewhere the
 * test fails and says so: a fault-injection scenario that did not run is not a passing one.
 */
final class SmallFileSystem implements AutoCloseable {

    private final Path mountPoint;
    private final Path ballast;

    private SmallFileSystem(Path mountPoint) {
        this.mountPoint = mountPoint;
        this.ballast = mountPoint.resolve("ballast");
    }

    /**
     * @param mountPoint an empty folder to mount on (created if missing)
     * @param sizeMiB the file system's size
     * @return the mounted file system
     * @throws Exception if the mount command cannot be run
     */
    static SmallFileSystem mount(Path mountPoint, int sizeMiB) throws Exception {
        Files.createDirectories(mountPoint);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + sizeMiB + "m,mode=0755",
                "tmpfs", mountPoint.toString()).redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!mount.waitFor(30, TimeUnit.SECONDS) || mount.exitValue() != 0) {
            fail("this scenario needs a small file system of its own and could not mount one: 'mount -t tmpfs' on "
                    + mountPoint + " said: " + output + ". Run the system tests as root (as .ci/run does) or with "
                    + "CAP_SYS_ADMIN");
        }
        return new SmallFileSystem(mountPoint);
    }

    Path path() {
        return mountPoint;
    }

    /** @return the bytes a process may still write there */
    long usable() throws IOException {
        return Files.getFileStore(mountPoint).getUsableSpace();
    }

    /**
     * Fills the file system with a ballast file until only {@code leftBytes} (or less) stay usable.
     *
     * @param leftBytes what to leave
     * @throws IOException if it cannot be written
     */
    void fillLeaving(long leftBytes) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(ballast)) {
            while (usable() > leftBytes + block.length) {
                out.write(block);
                out.flush();
            }
        }
    }

    /** Deletes the ballast: the space comes back. */
    void freeBallast() throws IOException {
        Files.deleteIfExists(ballast);
    }

    @Override
    public void close() throws Exception {
        Process umount = new ProcessBuilder("umount", "-l", mountPoint.toString()).redirectErrorStream(true).start();
        umount.getInputStream().readAllBytes();
        umount.waitFor(30, TimeUnit.SECONDS);
    }
}
