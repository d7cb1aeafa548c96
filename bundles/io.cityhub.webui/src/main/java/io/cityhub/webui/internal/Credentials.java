package io.cityhub.webui.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The technician's login, as the credentials file holds it: one line {@code <user>:pbkdf2-sha256:...}. Written at
 * install time by {@code ./cityhub ui-password}; there is no default. Public for that command.
 *
 * @param user the user name: letters, digits, {@code . _ -}, 1 to 64 characters
 * @param hash the password's hash
 */
public record Credentials(String user, PasswordHash hash) {

    /** The file's name in the runtime's data directory unless configured otherwise. */
    public static final String DEFAULT_FILE_NAME = "webui-credentials";
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** @throws IllegalArgumentException if the user name is not allowed */
    public Credentials {
        Objects.requireNonNull(hash, "hash");
        if (user == null || !USER.matcher(user).matches()) {
            throw new IllegalArgumentException("user name must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
    }

    /**
     * @param file the credentials file
     * @return its credentials
     * @throws IOException if it cannot be read ({@link java.nio.file.NoSuchFileException} if it is not there)
     * @throws IllegalArgumentException if it is malformed (the message says how, never echoing the hash)
     */
    public static Credentials read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        if (lines.size() != 1) {
            throw new IllegalArgumentException("expected one line <user>:pbkdf2-sha256:..., found " + lines.size());
        }
        String line = lines.get(0).strip();
        int colon = line.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected <user>:pbkdf2-sha256:...");
        }
        return new Credentials(line.substring(0, colon), PasswordHash.parse(line.substring(colon + 1)));
    }

    /**
     * Writes the file crash-safely (new file, fsync, rename), readable by its owner only where the file system
     * has POSIX permissions.
     *
     * @param file where
     * @param user the user name
     * @param password the password, not empty; the caller wipes it
     * @param iterations PBKDF2 iterations
     * @throws IOException if it cannot be written
     */
    public static void write(Path file, String user, char[] password, int iterations) throws IOException {
        Credentials credentials = new Credentials(user, PasswordHash.create(password, iterations, new SecureRandom()));
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temporary = dir.resolve(file.getFileName() + ".new");
        Files.deleteIfExists(temporary);
        try {
            Files.createFile(temporary,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temporary);
        }
        String text = "# cityhub technician web UI login, written by ./cityhub ui-password\n" + credentials.user()
                + ":" + credentials.hash().encoded() + "\n";
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Checks both, always: the password is hashed even when the user name is wrong, so the time taken does not
     * tell which was wrong.
     *
     * @param candidateUser the user name given
     * @param password the password given; the caller wipes it
     * @return whether both match
     */
    boolean accepts(String candidateUser, char[] password) {
        boolean passwordMatches = hash.matches(password);
        boolean userMatches = MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8),
                candidateUser.getBytes(StandardCharsets.UTF_8));
        return passwordMatches & userMatches;
    }
}
