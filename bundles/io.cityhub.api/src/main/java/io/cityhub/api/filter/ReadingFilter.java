package io.cityhub.api.filter;

import io.cityhub.api.Reading;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The edge filter chain ingest applies to valid readings, between validation and the outbox. Each sensor's channel
 * has its own chain (from its device profile's defaults, overridden per sensor in configuration); a reading whose
 * channel has no chain passes unchanged.
 *
 * <p>Implementations are thread-safe; readings of one channel are filtered in the order given.
 */
@ProviderType
public interface ReadingFilter {

    /**
     * @param readings valid readings of one submission, in order; not null, no null elements
     * @return what to store, in order, and how many readings the filters left out; never null
     */
    FilterResult filter(List<Reading> readings);
}
