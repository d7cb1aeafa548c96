package io.cityhub.sensor.lora.internal;

import io.cityhub.sensor.lora.gwmp.Json;
import io.cityhub.sensor.lora.lorawan.Aes128;
import io.cityhub.sensor.lora.lorawan.AesCmac;
import io.cityhub.sensor.lora.lorawan.Bytes;
import io.cityhub.sensor.lora.lorawan.DataFrame;
import io.cityhub.sensor.lora.lorawan.FrameCounter;
import io.cityhub.sensor.lora.lorawan.MalformedFrameException;
import io.cityhub.sensor.lora.lorawan.PhyPayload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
 * LoRaWAN uplink decode per frame on one thread, on documented test vectors of the repository
 * ({@code bundles/io.cityhub.sensor.lora/src/test/resources/lorawan/vectors.json}, the file
 * {@code LorawanVectorsTest} checks): {@code uplink} is what the gateway does with every data frame it hears
 * (parse the PHYPayload, reconstruct the 32-bit counter, check the MIC over B0 with the NwkSKey, decrypt FRMPayload
 * with the AppSKey); {@code parse}, {@code mic} and {@code decrypt} are its steps alone. Keys are set up once, as a
 * device session holds them. The setup checks each vector's expected MIC result and plaintext, so a benchmark that
 * measures a broken codec fails instead of printing a figure.
 *
 * <p>Run from the repository root (README.md); {@code -Dcityhub.lora.vectors=FILE} points elsewhere.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class LorawanDecodeBenchmark {

    /** A 17-byte frame with a 4-byte payload (lora-packet); a 30-byte frame with FCnt 65,547 and 2 AES blocks. */
    @Param({"lp-uplink-test", "derived-uplink-large-fcnt-2blocks"})
    public String vector;

    private byte[] phy;
    private DataFrame frame;
    private AesCmac nwkSKey;
    private Aes128 appSKey;
    /** The session's next expected counter: the vector's own full counter, as for a device heard in order. */
    private long nextExpected;
    private long fCnt32;

    @Setup
    public void load() throws IOException, Json.SyntaxException, MalformedFrameException {
        Path file = Path.of(System.getProperty("cityhub.lora.vectors",
                "bundles/io.cityhub.sensor.lora/src/test/resources/lorawan/vectors.json"));
        Map<String, Object> v = findVector(Files.readString(file, StandardCharsets.UTF_8), vector);
        Map<String, Object> keys = map(v, "keys");
        Map<String, Object> expected = map(v, "expected");
        phy = Bytes.fromHex((String) v.get("phy_payload_hex"));
        nwkSKey = new AesCmac(Bytes.fromHex((String) keys.get("nwk_s_key")));
        appSKey = new Aes128(Bytes.fromHex((String) keys.get("app_s_key")));
        fCnt32 = ((Number) expected.get("fcnt32")).longValue();
        nextExpected = fCnt32;
        frame = (DataFrame) PhyPayload.parse(phy);
        byte[] plain = uplink();
        if (!Boolean.TRUE.equals(expected.get("mic_valid"))
                || !Arrays.equals(plain, Bytes.fromHex((String) expected.get("decrypted_payload_hex")))) {
            throw new IllegalStateException("vector " + vector + " does not decode as documented: "
                    + Bytes.hex(plain));
        }
        System.err.println(vector + ": " + phy.length + "-byte frame, " + plain.length + "-byte payload, FCnt "
                + fCnt32);
    }

    /** The gateway's work per heard data frame, as {@code DeviceSession} does it for a frame in order. */
    @Benchmark
    public byte[] uplink() throws MalformedFrameException {
        DataFrame f = (DataFrame) PhyPayload.parse(phy);
        long full = FrameCounter.reconstruct(nextExpected, f.fCnt16());
        if (!f.micValid(nwkSKey, full)) {
            throw new IllegalStateException("MIC of " + vector);
        }
        return f.decrypt(f.fPort() == 0 ? nwkSKey.aes() : appSKey, full);
    }

    @Benchmark
    public PhyPayload parse() throws MalformedFrameException {
        return PhyPayload.parse(phy);
    }

    @Benchmark
    public boolean mic() {
        return frame.micValid(nwkSKey, fCnt32);
    }

    @Benchmark
    public byte[] decrypt() {
        return frame.decrypt(frame.fPort() == 0 ? nwkSKey.aes() : appSKey, fCnt32);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> findVector(String json, String id) throws Json.SyntaxException {
        List<Map<String, Object>> all = (List<Map<String, Object>>) ((Map<String, Object>) Json.parse(json))
                .get("vectors");
        return all.stream().filter(v -> id.equals(v.get("id"))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no vector " + id));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }
}
