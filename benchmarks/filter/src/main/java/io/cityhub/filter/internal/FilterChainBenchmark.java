package io.cityhub.filter.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.filter.FilterSpec;
import io.cityhub.filter.Deadband;
import io.cityhub.filter.RangeCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Readings per second through the edge filters on one thread (= one core): a channel's full chain (unit conversion
 * K to Cel, range, Hampel outlier over 7 values, deadband with heartbeat, minimum interval), the same with tumbling
 * aggregation instead of the deadband, and the filter service as ingest calls it (100 readings of 20 sensor channels
 * per submission, chains from per-sensor configuration). The readings are made beforehand: noisy temperatures one
 * second apart, with a spike now and then.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class FilterChainBenchmark {

    private static final int READINGS = 1 << 16;
    private static final int BATCH = 100;

    private Reading[] readings;
    private List<List<Reading>> batches;
    private ChannelChain chain;
    private ChannelChain aggregating;
    private ChannelFilterService service;
    private ChannelFilterService serviceAggregating;
    private int next;
    private int nextBatch;
    private Path stateDir;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Random random = new Random(42);
        Instant t0 = Instant.parse("2026-11-30T00:00:00Z");
        readings = new Reading[READINGS];
        for (int i = 0; i < READINGS; i++) {
            double kelvin = 293.15 + Math.sin(i / 500.0) * 5 + random.nextGaussian() * 0.3
                    + (random.nextInt(200) == 0 ? 80 : 0);
            readings[i] = Reading.of("bench-" + (i % 20), "temperature", ReadingValue.of(kelvin), "K",
                    t0.plusSeconds(i / 20), ClockQuality.SYNCHRONISED, SourceMetadata.of("coap"));
        }
        ChainSpec.Range range = new ChainSpec.Range(-40, 85, RangeCheck.Action.DROP);
        chain = new ChannelChain(new ChainSpec("Cel", range, new ChainSpec.Outlier(7, 3),
                new ChainSpec.Band(Deadband.Mode.ABSOLUTE, 0.5, 900_000), 10_000, null));
        aggregating = new ChannelChain(new ChainSpec("Cel", range, new ChainSpec.Outlier(7, 3), null, 0,
                new ChainSpec.Aggregate(300_000, EnumSet.allOf(AggregateFunction.class))));
        stateDir = Files.createTempDirectory("filter-bench");
        // as deployed: the writer thread saves changed windows every PERSIST_INTERVAL while the readings flow
        service = new ChannelFilterService(new WindowStore(stateDir.resolve("windows.properties")),
                ChannelFilterService.PERSIST_INTERVAL);
        serviceAggregating = new ChannelFilterService(new WindowStore(stateDir.resolve("aggregating.properties")),
                ChannelFilterService.PERSIST_INTERVAL);
        for (int s = 0; s < 20; s++) {
            service.addOverride(new SensorFilterOverride(new ChannelKey("bench-" + s, "temperature"), List.of(
                    new FilterSpec("unit", Map.of("to", "Cel")),
                    new FilterSpec("range", Map.of("action", "drop", "min", "-40", "max", "85")),
                    new FilterSpec("outlier", Map.of("window", "7", "threshold", "3")),
                    new FilterSpec("deadband",
                            Map.of("mode", "absolute", "band", "0.5", "heartbeat.seconds", "900")))));
            serviceAggregating.addOverride(new SensorFilterOverride(new ChannelKey("bench-" + s, "temperature"),
                    List.of(new FilterSpec("unit", Map.of("to", "Cel")),
                            new FilterSpec("range", Map.of("action", "drop", "min", "-40", "max", "85")),
                            new FilterSpec("aggregate", Map.of("window.seconds", "300", "functions",
                                    "min,max,mean,count,last")))));
        }
        batches = new ArrayList<>();
        for (int i = 0; i + BATCH <= READINGS; i += BATCH) {
            batches.add(List.of(readings).subList(i, i + BATCH));
        }
    }

    @Benchmark
    public void channelChain(Blackhole hole) {
        List<Reading> out = new ArrayList<>(2);
        hole.consume(chain.offer(readings[next], out));
        hole.consume(out);
        next = (next + 1) & (READINGS - 1);
    }

    @Benchmark
    public void channelChainAggregating(Blackhole hole) {
        List<Reading> out = new ArrayList<>(8);
        hole.consume(aggregating.offer(readings[next], out));
        hole.consume(out);
        next = (next + 1) & (READINGS - 1);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void service(Blackhole hole) {
        hole.consume(service.filter(batches.get(nextBatch)));
        nextBatch = nextBatch + 1 == batches.size() ? 0 : nextBatch + 1;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void serviceAggregating(Blackhole hole) {
        hole.consume(serviceAggregating.filter(batches.get(nextBatch)));
        nextBatch = nextBatch + 1 == batches.size() ? 0 : nextBatch + 1;
    }
}
