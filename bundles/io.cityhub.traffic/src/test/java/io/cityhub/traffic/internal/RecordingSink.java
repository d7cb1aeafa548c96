package io.cityhub.traffic.internal;

import io.cityhub.api.Reading;
import io.cityhub.api.ingest.IngestReceipt;
import io.cityhub.api.ingest.ObservationSink;
import io.cityhub.api.ingest.RawObservation;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** Ingest in memory: keeps every reading submitted. */
final class RecordingSink implements ObservationSink {

    final List<Reading> readings = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<IngestReceipt> submit(List<Reading> batch) {
        readings.addAll(batch);
        return CompletableFuture.completedFuture(new IngestReceipt(batch.size(), 0, List.of()));
    }

    @Override
    public CompletionStage<IngestReceipt> submit(RawObservation observation) {
        throw new UnsupportedOperationException("the traffic controller submits decoded readings only");
    }

    List<String> values(String channel) {
        return readings.stream().filter(r -> r.channel().equals(channel)).map(r -> r.value().canonical()).toList();
    }
}
