package io.cityhub.tools.lora;

import io.cityhub.sensor.lora.lorawan.Bytes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

/**
 * The demo's LoRaWAN sensor: an ABP device heard by a simulated concentrator whose packet forwarder talks GWMP to
 * the gateway's LoRa server, as {@code lora_pkt_fwd} does on a real gateway. It speaks as a Bosch Parking Lot Sensor
 * (device profile {@value #PROFILE}): parking status frames on FPort 1, every third frame a heartbeat on FPort 2
 * with the temperature, which the gateway decodes into readings {@code occupied} and {@code temperature}.
 */
public final class DemoLoraSensor implements AutoCloseable {

    /** The sensor id its readings carry. */
    public static final String SENSOR = "parking-sensor-1";
    /** The device profile configured for it. */
    public static final String PROFILE = "bosch-tps110";

    private static final long DEV_EUI = 0x70b3d57ed0001234L;
    private static final int DEV_ADDR = 0x260b1234;
    private static final String NWK_S_KEY = "2b7e151628aed2a6abf7158809cf4f3c";
    private static final String APP_S_KEY = "000102030405060708090a0b0c0d0e0f";
    private static final long GATEWAY_EUI = 0xaa555a0000000000L;

    private final PacketForwarderSimulator forwarder;
    private final SimulatedLoraDevice device;
    private final Random random = new Random();
    private long tmst = 1_000_000;
    private int frames;

    private DemoLoraSensor(PacketForwarderSimulator forwarder) {
        this.forwarder = forwarder;
        this.device = SimulatedLoraDevice.abp(DEV_EUI, DEV_ADDR, Bytes.fromHex(NWK_S_KEY), Bytes.fromHex(APP_S_KEY));
    }

    /**
     * @param port the gateway's LoRa (GWMP) port on 127.0.0.1
     * @return the sensor with its simulated concentrator
     * @throws IOException if no local socket can be opened
     */
    public static DemoLoraSensor start(int port) throws IOException {
        return new DemoLoraSensor(new PacketForwarderSimulator(GATEWAY_EUI,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
    }

    /**
     * Adds the device to a snapshot as a factory instance of {@code io.cityhub.sensor.lora.LoraDevice}, as a
     * technician would with the Kura UI's "+".
     *
     * @param snapshot a snapshot file, rewritten in place
     * @throws IOException if it cannot be read or written, or has no closing element
     */
    public static void addTo(Path snapshot) throws IOException {
        String text = Files.readString(snapshot, StandardCharsets.UTF_8);
        String device = """
                  <esf:configuration pid="demoParkingSensor">
                    <esf:properties>
                      <esf:property name="kura.service.pid" type="String" array="false" \
                          encrypted="false"><esf:value>demoParkingSensor</esf:value></esf:property>
                      <esf:property name="service.factoryPid" type="String" array="false" \
                          encrypted="false"><esf:value>io.cityhub.sensor.lora.LoraDevice</esf:value></esf:property>
                      <esf:property name="dev.eui" type="String" array="false" \
                          encrypted="false"><esf:value>%s</esf:value></esf:property>
                      <esf:property name="activation" type="String" array="false" \
                          encrypted="false"><esf:value>ABP</esf:value></esf:property>
                      <esf:property name="dev.addr" type="String" array="false" \
                          encrypted="false"><esf:value>%s</esf:value></esf:property>
                      <esf:property name="nwk.s.key" type="Password" array="false" \
                          encrypted="false"><esf:value>%s</esf:value></esf:property>
                      <esf:property name="app.s.key" type="Password" array="false" \
                          encrypted="false"><esf:value>%s</esf:value></esf:property>
                      <esf:property name="sensor.id" type="String" array="false" \
                          encrypted="false"><esf:value>%s</esf:value></esf:property>
                      <esf:property name="profile.id" type="String" array="false" \
                          encrypted="false"><esf:value>%s</esf:value></esf:property>
                    </esf:properties>
                  </esf:configuration>
                </esf:configurations>""".formatted(Bytes.hex(DEV_EUI, 16), Bytes.hex(DEV_ADDR & 0xffffffffL, 8),
                NWK_S_KEY, APP_S_KEY, SENSOR, PROFILE);
        int end = text.lastIndexOf("</esf:configurations>");
        if (end < 0) {
            throw new IOException(snapshot + " has no </esf:configurations>");
        }
        Files.writeString(snapshot, text.substring(0, end) + device.strip() + "\n", StandardCharsets.UTF_8);
    }

    /**
     * Sends one uplink in the Bosch format: a parking status (FPort 1, bit 0 = occupied), or every third frame a
     * heartbeat (FPort 2, then the temperature as a signed byte in degrees Celsius).
     *
     * @return what was sent, for the demo's output; or a note that the gateway did not acknowledge it
     */
    public String sendOnce() throws IOException, InterruptedException {
        boolean occupied = random.nextBoolean();
        boolean heartbeat = frames % 3 == 2;
        int celsius = 4 + random.nextInt(6);
        byte[] payload = heartbeat ? new byte[] {(byte) (occupied ? 1 : 0), (byte) celsius}
                : new byte[] {(byte) (occupied ? 1 : 0)};
        int fPort = heartbeat ? 2 : 1;
        tmst += 2_000_000;
        boolean acked = forwarder.push(device.uplink(false, fPort, payload), tmst & 0xffffffffL,
                Duration.ofSeconds(1));
        frames++;
        return String.format(
                "%s -> concentrator -> gateway  LoRaWAN uplink FCnt %d FPort %d payload %s (%s: occupied=%s%s)%s",
                SENSOR,
                frames - 1,
                fPort,
                Bytes.hex(payload),
                heartbeat ? "heartbeat" : "parking status",
                occupied,
                heartbeat ? ", " + celsius + " Cel" : "",
                acked ? "" : "  no PUSH_ACK (gateway starting?)");
    }

    @Override
    public void close() throws InterruptedException {
        forwarder.close();
    }
}
