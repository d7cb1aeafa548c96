package io.cityhub.sensor.gpio.internal;

import io.cityhub.api.ClockQuality;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A separate process for {@link CounterStoreCrashTest}: saves totals from {@code start} upwards without end. With a
 * {@code park} total it writes that total's new file, signals with a marker file and stops there, before the
 * rename, until it is killed.
 */
public final class CounterStoreWriter {

    private CounterStoreWriter() {
    }

    /** @param args state file, first total, total to stop before renaming (-1 for none), marker file */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        long start = Long.parseLong(args[1]);
        long park = Long.parseLong(args[2]);
        Path marker = Path.of(args[3]);
        long[] current = {start};
        CounterStore store = new CounterStore(file, () -> {
            if (current[0] == park) {
                try {
                    Files.writeString(marker, Long.toString(park));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                while (true) {
                    LockSupport.park();
                }
            }
        });
        for (;; current[0]++) {
            long total = current[0];
            // a window per save as well, so the file is several lines long and a torn write would show
            store.save(new CounterState(total, List.of(
                    new CounterState.Window(Math.max(0, total - 3), total, 1_764_504_000_000L + total, 60_000,
                            ClockQuality.UNSYNCHRONISED))));
        }
    }
}
