package io.cityhub.tools.lora;

import io.cityhub.api.Reading;
import io.cityhub.api.ingest.IngestReceipt;
import io.cityhub.api.ingest.ObservationSink;
import io.cityhub.api.ingest.RawObservation;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Ingest as a source sees it, recording what it is given. Stages complete at once unless {@link #hold()} was called;
 * then {@link #release()} completes them, which is how a test sees that an ACK waits for durability.
 */
final class RecordingSink implements ObservationSink {

    final List<Reading> readings = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<IngestReceipt>> held = new CopyOnWriteArrayList<>();
    private volatile boolean holding;

    void hold() {
        holding = true;
    }

    void release() {
        holding = false;
        for (CompletableFuture<IngestReceipt> f : held) {
            f.complete(receipt(1));
        }
        held.clear();
    }

    @Override
    public CompletionStage<IngestReceipt> submit(List<Reading> batch) {
        readings.addAll(batch);
        if (holding) {
            CompletableFuture<IngestReceipt> f = new CompletableFuture<>();
            held.add(f);
            return f;
        }
        return CompletableFuture.completedFuture(receipt(batch.size()));
    }

    @Override
    public CompletionStage<IngestReceipt> submit(RawObservation observation) {
        throw new UnsupportedOperationException("the LoRa source hands over decoded readings");
    }

    private static IngestReceipt receipt(int accepted) {
        return new IngestReceipt(accepted, 0, List.of());
    }
}
