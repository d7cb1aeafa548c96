package io.cityhub.sensor.gpio.internal;

import io.cityhub.api.Reading;
import io.cityhub.api.ingest.IngestReceipt;
import io.cityhub.api.ingest.ObservationSink;
import io.cityhub.api.ingest.RawObservation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** An ingest that takes everything and notes the monotonic time each reading arrived. */
final class TimedSink implements ObservationSink {

    /** @param reading what arrived; @param nanos when, on {@link System#nanoTime()} */
    record Arrival(Reading reading, long nanos) {
    }

    private final List<Arrival> arrivals = new ArrayList<>();

    @Override
    public synchronized CompletionStage<IngestReceipt> submit(List<Reading> readings) {
        long now = System.nanoTime();
        readings.forEach(r -> arrivals.add(new Arrival(r, now)));
        return CompletableFuture.completedFuture(new IngestReceipt(readings.size(), 0, List.of()));
    }

    @Override
    public CompletionStage<IngestReceipt> submit(RawObservation observation) {
        throw new UnsupportedOperationException("GPIO submits decoded readings only");
    }

    synchronized List<Arrival> changes() {
        return arrivals.stream().filter(a -> "change".equals(a.reading().source().attributes().get("event")))
                .toList();
    }
}
