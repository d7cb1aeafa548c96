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
                .hasMessage(
                        IngestPipeline.PID + ": attribute 'min.timestamp' has invalid value 'yesterday'; expected an"
                                + " ISO-8601 instant such as 2000-01-01T00:00:00Z");
    }

    @Test
    void rejectsNegativeFuture() {
        assertThatThrownBy(() -> IngestOptions.from(config(-1, "2000-01-01T00:00:00Z", 128, 1000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(IngestPipeline.PID
                        + ": attribute 'max.future.seconds' has invalid value '-1'; expected between 0 and 315360000");
    }

    @Test
    void rejectsZeroLimits() {
        assertThatThrownBy(() -> IngestOptions.from(config(0, "2000-01-01T00:00:00Z", 0, 1000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(IngestPipeline.PID
                        + ": attribute 'max.name.length' has invalid value '0'; expected between 1 and 4096");
        assertThatThrownBy(() -> IngestOptions.from(config(0, "2000-01-01T00:00:00Z", 1, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(IngestPipeline.PID
                        + ": attribute 'max.readings.per.submission' has invalid value '0'; expected between 1"
                        + " and 100000");
    }

    @Test
    void metatypeDefaultsEqualTheDefaults() {
        assertThat(IngestOptions.from(config(86_400, "2000-01-01T00:00:00Z", 128, 1000)))
                .isEqualTo(IngestOptions.DEFAULTS);
        assertThat(IngestOptions.DEFAULTS.maxFuture()).isEqualTo(Duration.ofDays(1));
        assertThat(IngestOptions.DEFAULTS.minTimestamp()).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
    }

    /** The metatype's min/max are these constants (IngestPipelineConfig); the checks accept exactly that range. */
    @Test
    void acceptsExactlyTheBoundsTheMetatypeDeclares() {
        String floor = "2000-01-01T00:00:00Z";
        long[][] futures = {{IngestOptions.MIN_FUTURE_SECONDS, IngestOptions.MAX_FUTURE_SECONDS}};
        for (long[] f : futures) {
            assertThat(IngestOptions.from(config(f[0], floor, 128, 1000)).maxFuture()).hasSeconds(f[0]);
            assertThat(IngestOptions.from(config(f[1], floor, 128, 1000)).maxFuture()).hasSeconds(f[1]);
            assertThatThrownBy(() -> IngestOptions.from(config(f[0] - 1, floor, 128, 1000)))
                    .hasMessageContaining("'max.future.seconds' has invalid value");
            assertThatThrownBy(() -> IngestOptions.from(config(f[1] + 1, floor, 128, 1000)))
                    .hasMessageContaining("'max.future.seconds' has invalid value");
        }
        assertThat(IngestOptions.from(config(0, floor, IngestOptions.MIN_NAME_LENGTH, 1)).maxNameLength()).isEqualTo(1);
        assertThat(IngestOptions.from(config(0, floor, IngestOptions.MAX_NAME_LENGTH, 1)).maxNameLength())
                .isEqualTo(IngestOptions.MAX_NAME_LENGTH);
        assertThatThrownBy(() -> IngestOptions.from(config(0, floor, IngestOptions.MAX_NAME_LENGTH + 1, 1)))
                .hasMessageContaining("'max.name.length' has invalid value");
        assertThat(IngestOptions.from(config(0, floor, 1, IngestOptions.MIN_READINGS_PER_SUBMISSION))
                .maxReadingsPerSubmission()).isEqualTo(1);
        assertThat(IngestOptions.from(config(0, floor, 1, IngestOptions.MAX_READINGS_PER_SUBMISSION))
                .maxReadingsPerSubmission()).isEqualTo(IngestOptions.MAX_READINGS_PER_SUBMISSION);
        assertThatThrownBy(() -> IngestOptions.from(config(0, floor, 1, IngestOptions.MAX_READINGS_PER_SUBMISSION + 1)))
                .hasMessageContaining("'max.readings.per.submission' has invalid value");
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
