package io.cityhub.api.buffer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Delivered readings kept for a configured window so the platform can ask for them again (replay).
 */
@ProviderType
public interface ReadingArchive {

    /**
     * @param query the range, sensor filter and page position, not null
     * @return the next page; its {@code nextCursor} is null on the last page
     * @throws IllegalArgumentException if the cursor was not produced by this archive
     */
    ReplayPage replay(ReplayQuery query);
}
