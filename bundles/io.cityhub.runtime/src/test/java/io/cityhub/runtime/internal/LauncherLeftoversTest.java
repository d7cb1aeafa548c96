package io.cityhub.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherLeftoversTest {

    /** Long after every file a test writes, so none is too young to remove unless the test sets it so. */
    private static final Instant LATER = Instant.now().plus(Duration.ofDays(1));

    @TempDir
    Path tmp;

    @Test
    void removesOnlyStaleCopiesWithTheSameBytesAsThisRunsOwn() throws Exception {
        Path current = Files.write(tmp.resolve("resource111.jar"), new byte[] {1, 2, 3, 4});
        Path stale = Files.write(tmp.resolve("resource222.jar"), new byte[] {1, 2, 3, 4});
        Path otherContent = Files.write(tmp.resolve("resource333.jar"), new byte[] {1, 2, 3, 5});
        Path otherName = Files.write(tmp.resolve("library.jar"), new byte[] {1, 2, 3, 4});
        Path otherPattern = Files.write(tmp.resolve("resource-x.jar"), new byte[] {1, 2, 3, 4});

        List<Path> removed = LauncherLeftovers.removeStale(tmp, List.of(current), LATER, p -> false);

        assertThat(removed).containsExactly(stale);
        assertThat(current).exists();
        assertThat(stale).doesNotExist();
        assertThat(otherContent).exists();
        assertThat(otherName).exists();
        assertThat(otherPattern).exists();
    }

    @Test
    void leavesTheCopiesOfAnotherGatewayThatIsRunningOrStarting() throws Exception {
        Path current = Files.write(tmp.resolve("resource111.jar"), new byte[] {1, 2, 3, 4});
        Path held = Files.write(tmp.resolve("resource222.jar"), new byte[] {1, 2, 3, 4});
        Path fresh = Files.write(tmp.resolve("resource333.jar"), new byte[] {1, 2, 3, 4});
        Files.setLastModifiedTime(held, FileTime.from(LATER.minus(Duration.ofHours(1))));
        Files.setLastModifiedTime(fresh, FileTime.from(LATER.minus(Duration.ofMillis(500))));

        try (FileChannel open = FileChannel.open(held, StandardOpenOption.READ)) {
            // held open by a process (this one stands in for the other gateway): the real /proc check sees it
            assertThat(LauncherLeftovers.openByAnyProcess(held)).isTrue();
            assertThat(LauncherLeftovers.removeStale(tmp, List.of(current), LATER,
                    LauncherLeftovers::openByAnyProcess)).isEmpty();
        }
        assertThat(held).exists();
        assertThat(fresh).exists();
        assertThat(LauncherLeftovers.openByAnyProcess(held)).isFalse();
        // closed and old: now it is a leftover; the young one stays until it is old enough
        assertThat(LauncherLeftovers.removeStale(tmp, List.of(current), LATER, LauncherLeftovers::openByAnyProcess))
                .containsExactly(held);
        assertThat(fresh).exists();
    }

    @Test
    void removesNothingWhenThisRunHasNoCopies() throws Exception {
        Path stale = Files.write(tmp.resolve("resource222.jar"), new byte[] {1});

        assertThat(LauncherLeftovers.removeStale(tmp, List.of(), LATER, p -> false)).isEmpty();
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
