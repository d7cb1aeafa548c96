package io.cityhub.sensor.lora.internal;

import io.cityhub.sensor.lora.lorawan.Bytes;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Device sessions as one small file per device, {@code <DevEUI>.session}, written crash-safely: a new file, fsync,
 * atomic rename over the old one, fsync of the directory. A crash leaves either the old or the new state, never a
 * mix. Keys are stored because an OTAA session cannot be re-derived; the directory lives in the gateway's data root,
 * and each file is readable and writable by the runtime's user only (rw-------).
 */
final class SessionStore {

    private final Path directory;

    /**
     * @param directory where the files live; created if missing
     * @throws IOException if it cannot be created
     */
    SessionStore(Path directory) throws IOException {
        this.directory = directory;
        Files.createDirectories(directory);
    }

    Path directory() {
        return directory;
    }

    /**
     * @return the stored state of this device, or empty when there is none
     * @throws IOException if the file exists but cannot be read or is not a session file (the caller must not
     *     silently start over: that would reopen the replay window)
     */
    Optional<SessionState> load(long devEui) throws IOException {
        Path file = fileOf(devEui);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Properties p = new Properties();
        p.load(new StringReader(text));
        try {
            long storedEui = Long.parseUnsignedLong(p.getProperty("devEui"), 16);
            if (storedEui != devEui) {
                throw new IOException(file + " holds DevEUI " + p.getProperty("devEui"));
            }
            return Optional.of(new SessionState(devEui, (int) Long.parseLong(p.getProperty("devAddr"), 16),
                    Bytes.fromHex(p.getProperty("nwkSKey", "")), Bytes.fromHex(p.getProperty("appSKey", "")),
                    Long.parseLong(p.getProperty("epoch")), Long.parseLong(p.getProperty("fCntUpNext")),
                    Boolean.parseBoolean(p.getProperty("uplinkSeen")),
                    Long.parseLong(p.getProperty("fCntDownReserved")), Integer.parseInt(p.getProperty("joinNonce")),
                    BitSet.valueOf(Bytes.fromHex(p.getProperty("devNonces", "")))));
        } catch (RuntimeException e) {
            // NumberFormatException, IllegalArgumentException of bad hex, NullPointerException of a missing key
            throw new IOException(file + " is not a valid session file: " + e.getMessage(), e);
        }
    }

    /**
     * Replaces the device's state durably; returns only once the new state is on stable storage.
     *
     * @throws IOException if it could not be written; the old state is then still in place
     */
    void save(SessionState s) throws IOException {
        StringBuilder text = new StringBuilder(256)
                .append("# cityhub LoRaWAN session; written by io.cityhub.sensor.lora, do not edit\n")
                .append("devEui=").append(Bytes.hex(s.devEui(), 16)).append('\n')
                .append("devAddr=").append(Bytes.hex(s.devAddr() & 0xffffffffL, 8)).append('\n')
                .append("nwkSKey=").append(Bytes.hex(s.nwkSKey())).append('\n')
                .append("appSKey=").append(Bytes.hex(s.appSKey())).append('\n')
                .append("epoch=").append(s.epoch()).append('\n')
                .append("fCntUpNext=").append(s.fCntUpNext()).append('\n')
                .append("uplinkSeen=").append(s.uplinkSeen()).append('\n')
                .append("fCntDownReserved=").append(s.fCntDownReserved()).append('\n')
                .append("joinNonce=").append(s.joinNonce()).append('\n')
                .append("devNonces=").append(Bytes.hex(s.devNonces().toByteArray())).append('\n');
        Path file = fileOf(s.devEui());
        Path temp = directory.resolve(file.getFileName() + ".new");
        // the file holds session keys: readable by the runtime's user only (a leftover .new of a crash may carry
        // other permissions, so it is never reused)
        Files.deleteIfExists(temp);
        try (FileChannel ch = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                ownerOnly(temp))) {
            ByteBuffer buffer = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(true);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + directory + " cannot rename atomically", e);
        }
        syncDirectory();
    }

    /** @return rw------- where the file system has POSIX permissions (not on Windows, where ACLs apply) */
    private static FileAttribute<?>[] ownerOnly(Path file) {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))};
    }

    /** The rename is durable only once the directory entry is (POSIX; not possible on Windows, where it is skipped). */
    private void syncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }

    private Path fileOf(long devEui) {
        return directory.resolve(Bytes.hex(devEui, 16) + ".session");
    }
}
