package io.cityhub.ingest.internal;

import io.cityhub.api.Reading;
import java.time.Instant;
import java.util.Optional;

/** Checks one reading against the configured limits; pure and immutable (a configuration change makes a new one). */
final class ReadingValidator {

    private final IngestOptions options;

    ReadingValidator(IngestOptions options) {
        this.options = options;
    }

    IngestOptions options() {
        return options;
    }

    /**
     * @param reading the reading, may be null (a faulty source)
     * @param now the gateway clock
     * @return why the reading is rejected, or empty if it is valid
     */
    Optional<String> check(Reading reading, Instant now) {
        if (reading == null) {
            return Optional.of("null reading");
        }
        // the description is built only for a rejection: on the accepted path it cost about as much as the checks
        if (reading.sensorId().length() > options.maxNameLength()) {
            return Optional.of(describe(reading) + ": sensor id longer than " + options.maxNameLength()
                    + " characters");
        }
        if (reading.channel().length() > options.maxNameLength()) {
            return Optional.of(describe(reading) + ": channel longer than " + options.maxNameLength() + " characters");
        }
        Optional<String> text = NameText.problem(reading.sensorId()).map(p -> "sensor id " + p)
                .or(() -> NameText.problem(reading.channel()).map(p -> "channel " + p))
                .or(() -> NameText.problem(reading.unit()).map(p -> "unit " + p));
        if (text.isPresent()) {
            return Optional.of(describe(reading) + ": " + text.get());
        }
        Instant latest = now.plus(options.maxFuture());
        if (reading.timestamp().isAfter(latest)) {
            return Optional.of(describe(reading) + ": timestamp more than " + options.maxFuture().toSeconds()
                    + " s after the gateway clock (" + now + ")");
        }
        if (reading.timestamp().isBefore(options.minTimestamp())) {
            return Optional.of(describe(reading) + ": timestamp before " + options.minTimestamp());
        }
        return Optional.empty();
    }

    /**
     * @return sensor/channel@time, names shortened so an over-long name cannot flood a receipt or a log, control
     *     characters written as {@code \\uXXXX} so they cannot corrupt one
     */
    static String describe(Reading reading) {
        return shorten(reading.sensorId()) + "/" + shorten(reading.channel()) + "@" + reading.timestamp();
    }

    private static String shorten(String name) {
        return NameText.printable(name.length() <= 40 ? name : name.substring(0, 40) + "...");
    }
}
