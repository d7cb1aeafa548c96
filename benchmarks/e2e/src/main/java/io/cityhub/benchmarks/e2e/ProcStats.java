package io.cityhub.benchmarks.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time from Linux {@code /proc}: per process, and per thread grouped by thread name (digits removed, so a
 * pool's threads add up). On a 2-core machine where load generator, broker and gateway share the cores, this is
 * how to tell where the time goes.
 */
final class ProcStats {

    /** Linux USER_HZ; 100 on every mainstream kernel config. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {
    }

    /** @return user + system CPU seconds of a process so far, NaN if unreadable */
    static double cpuSeconds(long pid) {
        return ticks(Path.of("/proc", Long.toString(pid), "stat")) / TICKS_PER_SECOND;
    }

    /**
     * @return bytes a process has caused to be written to storage so far ({@code write_bytes} of
     *     {@code /proc/<pid>/io}: what reaches the block layer, so the flash wear it causes), NaN if unreadable
     */
    static double writtenBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "io"), StandardCharsets.UTF_8)) {
                if (line.startsWith("write_bytes:")) {
                    return Long.parseLong(line.substring("write_bytes:".length()).trim());
                }
            }
            return Double.NaN;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** @return busy CPU seconds of the whole machine so far (all cores; /proc/stat, everything but idle and iowait) */
    static double machineBusySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.UTF_8).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** @return CPU seconds per thread-name group of a process so far */
    static Map<String, Double> threadCpuSeconds(long pid) {
        Map<String, Double> byName = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String name;
                try {
                    name = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).trim();
                } catch (IOException gone) {
                    continue;
                }
                double seconds = ticks(task.resolve("stat")) / TICKS_PER_SECOND;
                if (!Double.isNaN(seconds)) {
                    byName.merge(name.replaceAll("[0-9]+", "#"), seconds, Double::sum);
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return byName;
    }

    /** @return the {@code top} thread groups by CPU between two snapshots, as "name 12.3%" (of one core) */
    static String top(Map<String, Double> before, Map<String, Double> after, double wallSeconds, int top) {
        Map<String, Double> delta = new LinkedHashMap<>();
        after.forEach((name, s) -> delta.put(name, s - before.getOrDefault(name, 0.0)));
        List<Map.Entry<String, Double>> sorted = delta.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(top).toList();
        return sorted.stream().map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(),
                100 * e.getValue() / wallSeconds)).collect(Collectors.joining(", "));
    }

    private static double ticks(Path stat) {
        try {
            String s = Files.readString(stat, StandardCharsets.UTF_8);
            // the command name (field 2) may contain spaces and parentheses: fields count from the last ')'
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
