package io.cityhub.profiles.senml;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Writes one SenML pack (RFC 8428 §4: an array of records) at a time, record by record, so that a caller can keep
 * a pack under a size bound: add a record, look at {@link #size()}, and take it back with {@link #removeLast()} if
 * the pack grew too large. Made by {@link SenmlFormat#newPackWriter()}; not thread-safe; reusable after
 * {@link #finish()}.
 */
@ProviderType
public interface SenmlPackWriter {

    /**
     * Appends a record to the pack.
     *
     * @param record the record, not null; not kept
     * @return the size of the pack in bytes if it were finished now, as {@link #size()}
     */
    int add(SenmlRecord record);

    /** @return the records in the pack so far */
    int count();

    /** @return the size in bytes of the pack if it were finished now (2 bytes for an empty JSON pack) */
    int size();

    /**
     * Takes back the record added last.
     *
     * @throws IllegalStateException if no record was added since the last {@link #finish()} or
     *     {@link #removeLast()}
     */
    void removeLast();

    /**
     * @return the pack's bytes; the writer is empty again
     * @throws IllegalStateException if the pack holds no record (RFC 8428 §4: a pack has at least one)
     */
    byte[] finish();
}
