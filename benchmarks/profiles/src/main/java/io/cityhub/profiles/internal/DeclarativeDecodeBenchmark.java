package io.cityhub.profiles.internal;

import io.cityhub.api.Reading;
import io.cityhub.api.ingest.RawObservation;
import io.cityhub.api.profile.DecodeException;
import io.cityhub.api.profile.PayloadCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Payloads/s through a device profile's codec on one thread: the observation as the LoRa source hands it over (sensor
 * id, FPort attribute) to the list of readings ingest receives, ids included. The profiles are the repository's
 * ({@code device-profiles/}, read with the gateway's reader); the payload is each profile's first documented example.
 * Run from the repository root (README.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class DeclarativeDecodeBenchmark {

    @Param({"dragino-lht65", "elsys-ers-co2", "decentlab-dl-ctd10", "decentlab-dl-pm", "cayenne-lpp"})
    public String profile;

    private PayloadCodec codec;
    private RawObservation observation;

    @Setup
    public void load() throws IOException, ProfileException {
        Path file = Path.of(System.getProperty("cityhub.profiles.dir", "device-profiles"), profile + ".yaml");
        ProfileCatalog.Loaded loaded = ProfileCatalog.check(new ProfileReader(),
                new ProfileCatalog.Source(file.getFileName().toString(), java.nio.file.Files.readAllBytes(file)));
        codec = loaded.codec();
        ProfileExample example = loaded.document().examples().get(0);
        observation = ProfileExamples.observation(codec, false, example.fport(), example.payload());
        System.err.println(profile + ": " + example.payload().length + " bytes -> " + HexFormat.of()
                .formatHex(example.payload()));
    }

    @Benchmark
    public List<Reading> decode() throws DecodeException {
        return codec.decode(observation);
    }
}
