package io.cityhub.filter.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Priority;
import io.cityhub.filter.TumblingAggregate;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Open aggregation windows kept across a restart, in one small properties file written crash-safely: a new file,
 * fsync, then an atomic rename over the old one (DESIGN.md, persistent state). The file says whether it was written
 * at a clean stop (the windows are exact) or while running (a crash may have followed: values aggregated after it
 * are missing).
 */
final class WindowStore {

    /** Key of the flag telling a file written at a clean stop from one written while running. */
    static final String CLEAN = "clean";

    /**
     * What the file held.
     *
     * @param windows open windows by channel
     * @param clean true if written at a clean stop (or by a version that wrote only then), false if written while
     *     running
     */
    record Saved(Map<ChannelKey, AggregateReadings.Pending> windows, boolean clean) {
    }

    private final Path file;

    /** @param file the state file; its directory is created when needed */
    WindowStore(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /**
     * @param pending open windows by channel; an empty map removes the file
     * @param clean true at a clean stop, false while running
     * @throws IOException if the file cannot be written (the previous file, if any, stays as it was)
     */
    void save(Map<ChannelKey, AggregateReadings.Pending> pending, boolean clean) throws IOException {
        if (pending.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        Properties p = new Properties();
        p.setProperty(CLEAN, Boolean.toString(clean));
        int i = 0;
        for (Map.Entry<ChannelKey, AggregateReadings.Pending> e : pending.entrySet()) {
            AggregateReadings.Pending w = e.getValue();
            AggregateReadings.Template t = w.template();
            String k = "w" + i++ + ".";
            p.setProperty(k + "sensor", e.getKey().sensorId());
            p.setProperty(k + "channel", e.getKey().channel());
            p.setProperty(k + "unit", t.unit());
            p.setProperty(k + "clock", t.clockQuality().name());
            p.setProperty(k + "priority", t.priority().name());
            p.setProperty(k + "transport", t.transport());
            p.setProperty(k + "length", Long.toString(w.aggregate().windowMillis()));
            p.setProperty(k + "functions", w.aggregate().functions().stream().map(AggregateFunction::name).sorted()
                    .collect(java.util.stream.Collectors.joining(",")));
            p.setProperty(k + "start", Long.toString(w.window().startMillis()));
            p.setProperty(k + "count", Long.toString(w.window().count()));
            // hexadecimal floating point text: exact, no rounding through decimal
            p.setProperty(k + "min", Double.toHexString(w.window().min()));
            p.setProperty(k + "max", Double.toHexString(w.window().max()));
            p.setProperty(k + "sum", Double.toHexString(w.window().sum()));
            p.setProperty(k + "last", Double.toHexString(w.window().last()));
            p.setProperty(k + "partial", Boolean.toString(w.window().partial()));
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "cityhub filter: open aggregation windows");
        }
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * @return the windows saved last, by channel; none (clean) if there is no file
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it is damaged (naming the file and the entry)
     */
    Saved load() throws IOException {
        Map<ChannelKey, AggregateReadings.Pending> result = new HashMap<>();
        if (!Files.exists(file)) {
            return new Saved(result, true);
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        String clean = p.getProperty(CLEAN, "true");
        if (!clean.equals("true") && !clean.equals("false")) {
            throw new IllegalArgumentException(file + ": '" + CLEAN + "' has invalid value '" + clean + "'");
        }
        for (int i = 0; p.containsKey("w" + i + ".sensor"); i++) {
            String k = "w" + i + ".";
            try {
                AggregateReadings.Template t = new AggregateReadings.Template(get(p, k + "sensor"),
                        get(p, k + "channel"), get(p, k + "unit"), ClockQuality.valueOf(get(p, k + "clock")),
                        Priority.valueOf(get(p, k + "priority")), get(p, k + "transport"));
                TumblingAggregate.Window w = new TumblingAggregate.Window(Long.parseLong(get(p, k + "start")),
                        Long.parseLong(get(p, k + "count")), Double.parseDouble(get(p, k + "min")),
                        Double.parseDouble(get(p, k + "max")), Double.parseDouble(get(p, k + "sum")),
                        Double.parseDouble(get(p, k + "last")), Boolean.parseBoolean(get(p, k + "partial")));
                result.put(new ChannelKey(t.sensorId(), t.channel()),
                        new AggregateReadings.Pending(t, w, new ChainSpec.Aggregate(
                                Long.parseLong(get(p, k + "length")), functions(get(p, k + "functions")))));
            } catch (IllegalArgumentException e) { // NumberFormatException included
                throw new IllegalArgumentException(file + ": entry w" + i + " is damaged: " + e.getMessage(), e);
            }
        }
        return new Saved(result, Boolean.parseBoolean(clean));
    }

    private static java.util.Set<AggregateFunction> functions(String text) {
        java.util.Set<AggregateFunction> set = java.util.EnumSet.noneOf(AggregateFunction.class);
        for (String name : text.split(",")) {
            set.add(AggregateFunction.valueOf(name));
        }
        return set;
    }

    private static String get(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("'" + key + "' is missing");
        }
        return value;
    }
}
