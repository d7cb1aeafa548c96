package io.cityhub.filter.internal;

import io.cityhub.filter.TumblingAggregate;
import java.util.Locale;

/** What an aggregation window reports; each function becomes one reading, channel {@code <channel>:<symbol>}. */
enum AggregateFunction {
    MIN, MAX, MEAN, COUNT, LAST;

    /** @return the name in configuration and in the aggregate's channel, e.g. {@code mean} */
    String symbol() {
        return name().toLowerCase(Locale.ROOT);
    }

    double of(TumblingAggregate.Window window) {
        return switch (this) {
            case MIN -> window.min();
            case MAX -> window.max();
            case MEAN -> window.mean();
            case COUNT -> window.count();
            case LAST -> window.last();
        };
    }
}
