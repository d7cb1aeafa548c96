package io.cityhub.sensor.lora.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingIds;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.sensor.lora.lorawan.Aes128;
import io.cityhub.sensor.lora.lorawan.AesCmac;
import io.cityhub.sensor.lora.lorawan.Bytes;
import io.cityhub.sensor.lora.lorawan.DataFrame;
import io.cityhub.sensor.lora.lorawan.FrameCounter;
import io.cityhub.sensor.lora.lorawan.MType;
import io.cityhub.sensor.lora.lorawan.MalformedFrameException;
import io.cityhub.sensor.lora.lorawan.PhyPayload;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Frames per second through the gateway's per-uplink work on one thread: parse the PHYPayload, verify the MIC with
 * the reconstructed 32-bit counter, decrypt FRMPayload, and make the reading (hex payload, id from DevEUI + epoch +
 * FCnt + channel + unit, the same steps as {@link LoraNetwork} and {@link LoraReadings}). Separately: session
 * commits per second (the gateway commits the counters of all frames it takes at once together) of one and of 64
 * devices each. Prints figures, asserts nothing.
 *
 * <p>Arguments: seconds per round (default 5), rounds (default 5), session directory for the save figure (default
 * {@code target/lora-bench}).
 */
public final class LoraUplinkBenchmark {

    private static final int DEVICES = 64;
    private static final int FRAMES_PER_DEVICE = 512;

    private LoraUplinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Path.of(args.length > 2 ? args[2] : "target/lora-bench");

        Random random = new Random(9);
        AesCmac[] nwk = new AesCmac[DEVICES];
        Aes128[] app = new Aes128[DEVICES];
        List<byte[]> frames = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
            byte[] k1 = new byte[16];
            byte[] k2 = new byte[16];
            random.nextBytes(k1);
            random.nextBytes(k2);
            nwk[d] = new AesCmac(k1);
            app[d] = new Aes128(k2);
        }
        for (int f = 0; f < FRAMES_PER_DEVICE; f++) {
            for (int d = 0; d < DEVICES; d++) {
                // a typical sensor uplink: 11 bytes (Dragino LHT65 size), counters past 16 bits
                byte[] payload = new byte[11];
                random.nextBytes(payload);
                frames.add(DataFrame.build(MType.UNCONFIRMED_DATA_UP, 0x26000000 | d, 0x80, 70_000L + f,
                        new byte[0], 2, payload, nwk[d], app[d]).phy());
            }
        }
        out.printf("LoRaWAN uplink path, one thread: %d devices, %d frames of %d bytes, %d s rounds%n", DEVICES,
                frames.size(), frames.get(0).length, seconds);
        // warm-up: let the JIT compile the path
        run(frames, nwk, app, Math.max(2, seconds / 2));
        double[] rates = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            rates[r] = run(frames, nwk, app, seconds);
            out.printf("round %d: %,.0f frames/s%n", r + 1, rates[r]);
        }
        Arrays.sort(rates);
        out.printf("frames/s min %,.0f  median %,.0f  max %,.0f%n", rates[0], rates[rates.length / 2],
                rates[rates.length - 1]);

        Files.createDirectories(dir);
        for (int batch : new int[] {1, DEVICES}) {
            commits(dir.resolve("batch-" + batch), batch, seconds, out);
        }
    }

    /** Session commits of {@code batch} devices' counters each (one journal record, one fdatasync per commit). */
    private static void commits(Path dir, int batch, int seconds, PrintStream out) throws IOException {
        try (SessionStore store = new SessionStore(dir)) {
            List<SessionState> states = new ArrayList<>(batch);
            int commits = 0;
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                states.clear();
                for (int d = 0; d < batch; d++) {
                    states.add(new SessionState(0x0102030405060000L | d, 0x26000000 | d, new byte[16], new byte[16],
                            0, commits, true, 64, 0, new BitSet()));
                }
                store.commit(states);
                commits++;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            out.printf("session commits of %d device(s) each (journal append + fdatasync) in %s: %,.0f/s (%.2f ms"
                    + " each), %,.0f frames/s%n", batch, dir, commits / elapsed, elapsed * 1000 / commits,
                    (double) commits * batch / elapsed);
        }
    }

    private static double run(List<byte[]> frames, AesCmac[] nwk, Aes128[] app, int seconds)
            throws MalformedFrameException {
        long count = 0;
        long sink = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long next = 70_000;
        Instant now = Instant.parse("2026-11-30T12:00:00Z");
        while (System.nanoTime() < end) {
            for (int i = 0; i < frames.size(); i++) {
                DataFrame frame = (DataFrame) PhyPayload.parse(frames.get(i));
                int d = frame.devAddr() & 0xff;
                long full = FrameCounter.reconstruct(next + i / DEVICES, frame.fCnt16());
                if (!frame.micValid(nwk[d], full)) {
                    throw new IllegalStateException("MIC of benchmark frame " + i);
                }
                byte[] payload = frame.decrypt(app[d], full);
                String devEui = Bytes.hex(0x0102030405060000L | d, 16);
                Reading reading = new Reading(ReadingIds.derive("lora", devEui, "0", Long.toString(full),
                        LoraReadings.RAW_CHANNEL, ""), devEui, LoraReadings.RAW_CHANNEL,
                        ReadingValue.of(Bytes.hex(payload)), "", now, ClockQuality.UNSYNCHRONISED, Priority.TELEMETRY,
                        new SourceMetadata("lora", -35.0, 9.5, Map.of("fCnt", Long.toString(full))));
                sink += reading.id().length();
            }
            count += frames.size();
        }
        if (sink == 42) {
            // keeps the work observable so the JIT cannot drop it
            System.out.print("");
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }
}
