package io.cityhub.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherLeftoversTest {

    @TempDir
    Path tmp;

    @Test
    void removesOnlyStaleCopiesWithTheSameBytesAsThisRunsOwn() throws Exception {
        Path current = Files.write(tmp.resolve("resource111.jar"), new byte[] {1, 2, 3, 4});
        Path stale = Files.write(tmp.resolve("resource222.jar"), new byte[] {1, 2, 3, 4});
        Path otherContent = Files.write(tmp.resolve("resource333.jar"), new byte[] {1, 2, 3, 5});
        Path otherName = Files.write(tmp.resolve("library.jar"), new byte[] {1, 2, 3, 4});
        Path otherPattern = Files.write(tmp.resolve("resource-x.jar"), new byte[] {1, 2, 3, 4});

        List<Path> removed = LauncherLeftovers.removeStale(tmp, List.of(current));

        assertThat(removed).containsExactly(stale);
        assertThat(current).exists();
        assertThat(stale).doesNotExist();
        assertThat(otherContent).exists();
        assertThat(otherName).exists();
        assertThat(otherPattern).exists();
    }

    @Test
    void removesNothingWhenThisRunHasNoCopies() throws Exception {
        Path stale = Files.write(tmp.resolve("resource222.jar"), new byte[] {1});

        assertThat(LauncherLeftovers.removeStale(tmp, List.of())).isEmpty();
        assertThat(stale).exists();
    }

    @Test
    void findsThisRunsCopiesAmongTheLaunchersClassPath() throws Exception {
        Path copy = Files.write(tmp.resolve("resource111.jar"), new byte[] {1});
        Path other = Files.write(tmp.resolve("app.jar"), new byte[] {1});
        try (URLClassLoader loader = new URLClassLoader(new URL[] {copy.toUri().toURL(), other.toUri().toURL()})) {
            assertThat(LauncherLeftovers.currentCopies(loader)).containsExactly(copy);
        }
        assertThat(LauncherLeftovers.currentCopies(getClass().getClassLoader().getParent())).isEmpty();
    }
}
