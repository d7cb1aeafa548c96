package io.cityhub.runtime.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's persistent key for {@link RuntimeCryptoService}: {@value #FILE_NAME} in the data directory, 32 random
 * bytes, made at the first start with mode 0600 (owner read/write only).
 *
 * <p>Why a file: the runtime's snapshots keep Password values encrypted under this key, so the key must outlive a
 * run for them to decrypt at the next start. It lives beside the snapshots, like Kura's keystore beside Kura's
 * snapshots: the file protects the values against someone who reads a copied snapshot, not against someone who can
 * read the whole data directory.
 *
 * <p>A key file that exists but cannot be read, or does not hold exactly 32 bytes, stops the start-up with a message
 * naming the file and what to do: a new key would silently make every stored Password value useless. A key file
 * that others may read is used, with a WARN line saying how to fix it.
 */
final class RuntimeKeyFile {

    /** Name of the key file in the data directory. */
    static final String FILE_NAME = "runtime-crypto.key";

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeKeyFile.class);
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    /**
     * The key and whether this start made it.
     *
     * @param bytes the key, {@value RuntimeCryptoService#KEY_BYTES} bytes
     * @param created true if the file did not exist and was made now
     */
    record Key(byte[] bytes, boolean created) {
    }

    private RuntimeKeyFile() {
    }

    /**
     * @param file the key file (normally {@value #FILE_NAME} in the data directory)
     * @param random source of a new key
     * @return the key held in the file, or a new one written to it if the file does not exist
     * @throws StartupException if the file exists but cannot be read or is damaged, or a new one cannot be written;
     *     the message names the file and what to do
     */
    static Key loadOrCreate(Path file, SecureRandom random) throws StartupException {
        if (Files.notExists(file, LinkOption.NOFOLLOW_LINKS)) {
            return new Key(create(file, random), true);
        }
        if (!Files.isRegularFile(file)) {
            throw new StartupException(file + ": the runtime's key file is not a regular file; move it away only if"
                    + " the Password values in the runtime's snapshots may be lost (they must then be entered again)",
                    null);
        }
        byte[] key;
        try {
            key = Files.readAllBytes(file);
        } catch (AccessDeniedException e) {
            throw new StartupException(file + ": cannot read the runtime's key file (permission denied); it must be"
                    + " readable by the user that runs the gateway (chmod 600, owned by that user)", e);
        } catch (IOException e) {
            throw new StartupException(file + ": cannot read the runtime's key file: " + e, e);
        }
        if (key.length != RuntimeCryptoService.KEY_BYTES) {
            int length = key.length;
            Arrays.fill(key, (byte) 0);
            throw new StartupException(file + ": the runtime's key file is damaged (" + length + " bytes, a key has "
                    + RuntimeCryptoService.KEY_BYTES + "); restore it from a backup, or delete it to start with a new"
                    + " key (the Password values in the runtime's snapshots must then be entered again)", null);
        }
        warnIfOthersMayRead(file);
        return new Key(key, false);
    }

    private static byte[] create(Path file, SecureRandom random) throws StartupException {
        byte[] key = new byte[RuntimeCryptoService.KEY_BYTES];
        random.nextBytes(key);
        Path dir = file.toAbsolutePath().getParent();
        Path temp = null;
        try {
            // created 0600 from the start: the key is never readable by others, not even for a moment
            temp = posix(dir)
                    ? Files.createTempFile(dir, "." + FILE_NAME, ".tmp", ownerOnly())
                    : Files.createTempFile(dir, "." + FILE_NAME, ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(key));
                channel.force(true);
            }
            // no REPLACE_EXISTING: a key file another process made meanwhile is never overwritten
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            temp = null;
            SnapshotStore.syncDirectory(dir);
            LOG.info("cityhub: made the runtime's key file {} (Password values in the runtime's snapshots are"
                    + " encrypted with it; keep it with the data directory)", file);
            return key;
        } catch (FileAlreadyExistsException e) {
            throw new StartupException(file + ": another process made the runtime's key file during start-up", e);
        } catch (IOException e) {
            throw new StartupException(file + ": cannot write the runtime's key file: " + e, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    LOG.warn("cityhub: cannot delete {}: {}", temp, e.toString());
                }
            }
        }
    }

    private static void warnIfOthersMayRead(Path file) {
        if (!posix(file)) {
            return;
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(permissions)) {
                LOG.warn("cityhub: the runtime's key file {} has permissions {}: others may read the key that protects"
                        + " the gateway's Password values; run 'chmod 600 {}'", file,
                        PosixFilePermissions.toString(permissions), file);
            }
        } catch (IOException e) {
            LOG.warn("cityhub: cannot read the permissions of the runtime's key file {}: {}", file, e.toString());
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<Set<PosixFilePermission>> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(OWNER_ONLY);
    }
}
