package io.cityhub.api.ingest;

import java.util.List;

/**
 * What ingest did with one submission. When a receipt exists, every accepted reading is durable.
 *
 * @param accepted readings now durable in the outbox
 * @param filtered readings an edge filter deliberately left out (deadband, rate limit)
 * @param rejected readings that failed validation, with a reason each; never null
 */
public record IngestReceipt(int accepted, int filtered, List<String> rejected) {

    /** Copies {@code rejected}. */
    public IngestReceipt {
        rejected = List.copyOf(rejected);
    }
}
