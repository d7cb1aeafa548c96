package io.cityhub.filter.internal;

import static io.cityhub.filter.internal.Fixtures.params;
import static io.cityhub.filter.internal.Fixtures.reading;

import io.cityhub.api.filter.FilterSpec;
import io.cityhub.api.profile.ChannelSpec;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of {@link WindowCrashTest}: a filter service aggregating hourly rain, writing its open windows every
 * 50 ms. It aggregates three values, waits until the writer has them on disk, says so on standard output and then
 * waits to be killed: it never deactivates.
 */
public final class WindowCrashChild {

    static final String PERSISTED = "persisted";

    private WindowCrashChild() {
    }

    /** @param args the state file */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        WindowStore store = new WindowStore(Path.of(args[0]));
        ChannelFilterService service = new ChannelFilterService(store, Duration.ofMillis(50));
        service.bindRegistry(new Fixtures.Registry(List.of("s1"), new ChannelSpec("rain", "mm", 0, 500)));
        service.bindDefaults((profile, channel) -> List.of(new FilterSpec("aggregate",
                params("window.seconds", "3600", "functions", "count,max"))));
        service.filter(List.of(reading("s1", "rain", 1, "mm", 0), reading("s1", "rain", 4, "mm", 60),
                reading("s1", "rain", 2, "mm", 120)));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        // the writer writes a new file and renames it over the state file: wake on each change of the directory
        try (WatchService changes = FileSystems.getDefault().newWatchService()) {
            Path dir = Files.createDirectories(Path.of(args[0]).toAbsolutePath().getParent());
            dir.register(changes, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            while (!holdsThreeValues(store)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    out.println("not persisted within 60 s");
                    System.exit(3);
                }
                WatchKey key = changes.poll(Math.min(left, Duration.ofSeconds(1).toNanos()), TimeUnit.NANOSECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        }
        out.println(PERSISTED);
        new CountDownLatch(1).await(); // until killed
    }

    private static boolean holdsThreeValues(WindowStore store) {
        try {
            WindowStore.Saved saved = store.load();
            AggregateReadings.Pending w = saved.windows().get(new ChannelKey("s1", "rain"));
            return !saved.clean() && w != null && w.window().count() == 3;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return false; // not written yet
        }
    }
}
