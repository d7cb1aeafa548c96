package io.cityhub.sensor.gpio.internal;

import io.cityhub.api.Reading;
import io.cityhub.api.buffer.BufferFullException;
import io.cityhub.api.ingest.IngestReceipt;
import io.cityhub.api.ingest.ObservationSink;
import io.cityhub.api.ingest.RawObservation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** An ingest that keeps what it was given, or refuses everything while {@link #refuse(boolean)} is set. */
final class RecordingSink implements ObservationSink {

    private final List<Reading> accepted = new ArrayList<>();
    private final List<Reading> attempted = new ArrayList<>();
    private int refusedSubmissions;
    private boolean refusing;
    private boolean holding;

    /** @param hold whether submissions stay in flight, never completing (a crash before ingest answers) */
    synchronized void hold(boolean hold) {
        this.holding = hold;
    }

    synchronized void refuse(boolean refuse) {
        this.refusing = refuse;
    }

    @Override
    public synchronized CompletionStage<IngestReceipt> submit(List<Reading> readings) {
        attempted.addAll(readings);
        if (holding) {
            return new CompletableFuture<>();
        }
        if (refusing) {
            refusedSubmissions++;
            return CompletableFuture.failedFuture(new BufferFullException("outbox full"));
        }
        accepted.addAll(readings);
        return CompletableFuture.completedFuture(new IngestReceipt(readings.size(), 0, List.of()));
    }

    @Override
    public CompletionStage<IngestReceipt> submit(RawObservation observation) {
        throw new UnsupportedOperationException("GPIO submits decoded readings only");
    }

    synchronized List<Reading> readings() {
        return List.copyOf(accepted);
    }

    /** @return every reading ever submitted, taken or not */
    synchronized List<Reading> attempted() {
        return List.copyOf(attempted);
    }

    synchronized int refusedSubmissions() {
        return refusedSubmissions;
    }
}
