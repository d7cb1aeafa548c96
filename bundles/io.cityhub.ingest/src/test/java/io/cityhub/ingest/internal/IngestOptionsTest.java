package io.cityhub.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IngestOptionsTest {

    @Test
    void rejectsUnparsableFloorNamingPidAttributeAndValue() {
        assertThatThrownBy(() -> IngestOptions.from(config(86_400, "yesterday", 128, 1000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(IngestPipeline.PID).hasMessageContaining("min.timestamp").hasMessageContaining("yesterday");
    }

    @Test
    void rejectsNegativeFuture() {
        assertThatThrownBy(() -> IngestOptions.from(config(-1, "2000-01-01T00:00:00Z", 128, 1000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max.future.seconds");
    }

    @Test
    void rejectsZeroLimits() {
        assertThatThrownBy(() -> IngestOptions.from(config(0, "2000-01-01T00:00:00Z", 0, 1000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max.name.length '0'");
        assertThatThrownBy(() -> IngestOptions.from(config(0, "2000-01-01T00:00:00Z", 1, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max.readings.per.submission '0'");
    }

    @Test
    void metatypeDefaultsEqualTheDefaults() {
        assertThat(IngestOptions.from(config(86_400, "2000-01-01T00:00:00Z", 128, 1000))).isEqualTo(IngestOptions.DEFAULTS);
        assertThat(IngestOptions.DEFAULTS.maxFuture()).isEqualTo(Duration.ofDays(1));
        assertThat(IngestOptions.DEFAULTS.minTimestamp()).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
    }

    static IngestPipelineConfig config(long maxFuture, String floor, int maxName, int maxReadings) {
        return new IngestPipelineConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return IngestPipelineConfig.class;
            }

            @Override
            public long max_future_seconds() {
                return maxFuture;
            }

            @Override
            public String min_timestamp() {
                return floor;
            }

            @Override
            public int max_name_length() {
                return maxName;
            }

            @Override
            public int max_readings_per_submission() {
                return maxReadings;
            }
        };
    }
}
