package io.cityhub.itest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.health.HealthContributor;
import io.cityhub.api.ingest.IngestReceipt;
import io.cityhub.api.ingest.ObservationSink;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/** Ingest applies the edge filters configured in the snapshot (a sensor filter factory instance). */
@ExtendWith(ServiceExtension.class)
class FilterTest {

    @Test
    void theConfiguredDeadbandLeavesOutSmallChangesAndIngestCountsThemAsFiltered(
            @InjectService(timeout = 10_000) ObservationSink sink,
            @InjectService(
                            timeout = 10_000,
                            filter = "(component.name=io.cityhub.filter.internal.ChannelFilterService)")
                    HealthContributor filterHealth)
            throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        AtomicInteger tries = new AtomicInteger();
        Awaits.until("the sensor filter configuration is applied", () -> {
            // each try a level far from the last: it passes, and the next one, within the band, is left out
            double base = 100.0 * tries.incrementAndGet();
            IngestReceipt receipt = sink.submit(List.of(level(base, t), level(base + 0.2, t.plusSeconds(1))))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(receipt.filtered()).isEqualTo(1);
        });
        IngestReceipt jump = sink.submit(List.of(level(50.5, t.plusSeconds(5)))).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(jump.accepted()).isEqualTo(1);
        assertThat(jump.filtered()).isZero();
        assertThat(filterHealth.health()).containsKey("itest-filtered/level.dropped.deadband");
    }

    private static Reading level(double value, Instant at) {
        return Reading.of("itest-filtered", "level", ReadingValue.of(value), "m", at, ClockQuality.SYNCHRONISED,
                SourceMetadata.of("itest"));
    }
}
