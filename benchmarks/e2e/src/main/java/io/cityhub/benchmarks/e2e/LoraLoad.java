package io.cityhub.benchmarks.e2e;

import io.cityhub.sensor.lora.gwmp.GwmpDatagram;
import io.cityhub.sensor.lora.gwmp.GwmpException;
import io.cityhub.sensor.lora.gwmp.Json;
import io.cityhub.sensor.lora.lorawan.Bytes;
import io.cityhub.sensor.lora.lorawan.DataFrame;
import io.cityhub.tools.lora.SimulatedLoraDevice;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * LoRa beside the CoAP load: {@code devices} ABP end devices (Cayenne LPP, device profile {@code cayenne-lpp},
 * five readings per frame) heard by one simulated concentrator whose packet forwarder sends
 * real GWMP v2 datagrams over UDP on loopback to the gateway's LoRa server: PUSH_DATA with up to
 * {@value #RXPK_PER_PUSH} rxpk each (as {@code lora_pkt_fwd} batches what it fetched), PULL_DATA every
 * {@value #PULL_SECONDS} s, TX_ACK for every PULL_RESP. Frames carry correct counters and MICs
 * ({@link SimulatedLoraDevice}), are sent round-robin over the devices at a fixed rate, and a share of them are
 * confirmed uplinks, which the gateway acknowledges with a downlink only once their readings are durable.
 *
 * <p>Each rxpk has a GPS {@code time} (a concentrator with GPS) = the harness's send time, strictly increasing over
 * all frames: it becomes the readings' timestamp, so latency is platform arrival − send time as for CoAP, and the
 * platform finds a reading's frame by that time ({@link LoraLedger}).
 *
 * <p>A device has at most one confirmed uplink waiting for its ACK (a LoRaWAN ACK names no counter: it answers the
 * device's latest confirmed uplink); while one waits, the device sends unconfirmed ones. A confirmed uplink without
 * an ACK is not repeated here (a real device would repeat it; its readings would get the same ids): it is counted.
 */
final class LoraLoad implements AutoCloseable {

    static final String GATEWAY_PID = "io.cityhub.sensor.lora.LoraGateway";
    static final String DEVICE_PID = "io.cityhub.sensor.lora.LoraDevice";
    static final String PROFILE = "cayenne-lpp";
    /** What one frame decodes to ({@link #payload}). */
    static final List<String> CHANNELS = List.of("temperature_1", "humidity_2", "barometer_3", "analog_input_4",
            "digital_input_5");
    static final String SENSOR_PREFIX = "lora-";
    static final int FPORT = 2;
    static final int RXPK_PER_PUSH = 8;
    static final int PULL_SECONDS = 5;
    static final long CONCENTRATOR_EUI = 0xaa555a00000e2e00L;
    static final long DEV_EUI_BASE = 0x70b3d57ed00e0000L;
    static final int DEV_ADDR_BASE = 0x260e0000;
    static final int PUSH_ACK_TIMEOUT_SECONDS = 5;
    private static final long PUSH_ACK_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(PUSH_ACK_TIMEOUT_SECONDS);
    /** A confirmed uplink's ACK is due by RX2 (2 s); after this the device may send another confirmed one. */
    private static final long CONFIRM_TIMEOUT_MICROS = 3_000_000;

    private final LoraLedger ledger;
    private final List<SimulatedLoraDevice> devices = new ArrayList<>();
    private final long[] deviceFrames;
    private final AtomicLongArray pendingConfirmed;
    /** The rxpk {@code tmst} of each device's pending confirmed uplink: its ACK goes out at tmst + 1 s or + 2 s. */
    private final AtomicLongArray pendingTmst;
    private final double framesPerSecond;
    private final double confirmedShare;
    private final IntFunction<LatencyHistogram> ackHistograms;
    private final InetSocketAddress server;
    private final DatagramSocket socket;
    private final Thread receiver;
    private final Thread sender;
    private final Clock clock = Clock.systemUTC();
    private final Random random = new Random(15);
    private final Object tokenLock = new Object();
    private final long[] tokenFirst = new long[1 << 16];
    private final int[] tokenCount = new int[1 << 16];
    private final long[] tokenSent = new long[1 << 16];
    /** Whether the PUSH_ACK of the datagram with this token is overdue (a late one still counts). */
    private final boolean[] tokenOverdue = new boolean[1 << 16];
    private final AtomicLongArray pullAcks = new AtomicLongArray(1);
    private volatile boolean running = true;
    private volatile int phase = -1;
    private int nextToken;
    private int nextDevice;
    private long lastMicros;
    private long lastPull;

    /** PULL_RESP that were not an ACK for an awaited confirmed uplink. */
    long unexpectedDownlinks;
    long downlinksUnreadable;

    /**
     * @param server the gateway's GWMP address
     * @param framesPerSecond frames sent per second while a phase runs
     * @param confirmedShare share of frames sent as confirmed uplinks (0..1)
     * @param ackHistograms per phase: send → downlink ACK of confirmed uplinks
     */
    LoraLoad(InetSocketAddress server, int devices, double framesPerSecond, double confirmedShare,
            LoraLedger ledger, IntFunction<LatencyHistogram> ackHistograms) throws IOException {
        this.server = server;
        this.ledger = ledger;
        this.framesPerSecond = framesPerSecond;
        this.confirmedShare = confirmedShare;
        this.ackHistograms = ackHistograms;
        this.deviceFrames = new long[devices];
        this.pendingConfirmed = new AtomicLongArray(devices);
        this.pendingTmst = new AtomicLongArray(devices);
        for (int i = 0; i < devices; i++) {
            Keys k = keys(i);
            this.devices.add(SimulatedLoraDevice.abp(devEui(i), devAddr(i), k.nwkSKey(), k.appSKey()));
            pendingConfirmed.set(i, -1);
        }
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setReceiveBufferSize(1 << 20);
        socket.setSendBufferSize(1 << 20);
        this.receiver = new Thread(this::receive, "bench-lora-gwmp-rx");
        receiver.setDaemon(true);
        receiver.start();
        this.sender = new Thread(this::sendLoop, "bench-lora-gwmp-tx");
        sender.setDaemon(true);
    }

    /** Session keys of device {@code i}: fixed per index, so a run is repeatable. */
    record Keys(byte[] nwkSKey, byte[] appSKey) {
    }

    static Keys keys(int i) {
        Random r = new Random(0x10ad0000L + i);
        byte[] nwk = new byte[16];
        byte[] app = new byte[16];
        r.nextBytes(nwk);
        r.nextBytes(app);
        return new Keys(nwk, app);
    }

    static long devEui(int i) {
        return DEV_EUI_BASE + i;
    }

    static int devAddr(int i) {
        return DEV_ADDR_BASE + i;
    }

    static String sensorId(int i) {
        return String.format(Locale.ROOT, "%s%04d", SENSOR_PREFIX, i);
    }

    /** @return the device index of a SenML base name {@code lora-0042/} (or sensor id), or -1 */
    static int deviceOfBaseName(String bn) {
        if (bn == null || !bn.startsWith(SENSOR_PREFIX)) {
            return -1;
        }
        int end = bn.endsWith("/") ? bn.length() - 1 : bn.length();
        try {
            return Integer.parseInt(bn.substring(SENSOR_PREFIX.length(), end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * A Cayenne LPP payload of 18 bytes: temperature on channel 1 (0.1 °C), humidity on 2 (0.5 %RH), barometer on 3
     * (0.1 hPa), analogue input on 4 (0.01) and a digital input on 5, values varying with {@code n}. The
     * {@code cayenne-lpp} profile has no default edge filters, so every reading of an accepted frame must arrive:
     * with a deadband profile (e.g. the LHT65's), a frame the gateway never read would make a later frame repeat
     * the last value sent, the filter would hold it back, and the harness could not tell that from a loss.
     */
    static byte[] payload(long n) {
        int temperature = 150 + (int) (n % 100);
        int humidity = 80 + (int) (n % 40);
        int pressure = 10_000 + (int) (n % 300);
        int analog = (int) (n % 3000);
        return new byte[] {1, 0x67, (byte) (temperature >> 8), (byte) temperature, 2, 0x68, (byte) humidity,
            3, 0x73, (byte) (pressure >> 8), (byte) pressure, 4, 0x02, (byte) (analog >> 8), (byte) analog,
            5, 0x00, (byte) (n & 1)};
    }

    /** Gateway settings: the LoRa server on this loopback port. */
    static void configure(Map<String, Map<String, io.cityhub.tools.DemoSnapshot.Value>> overrides, int port) {
        Map<String, io.cityhub.tools.DemoSnapshot.Value> lora = overrides.computeIfAbsent(GATEWAY_PID,
                k -> new LinkedHashMap<>());
        lora.put("bind.address", new io.cityhub.tools.DemoSnapshot.Value("String", "127.0.0.1"));
        lora.put("port", new io.cityhub.tools.DemoSnapshot.Value("Integer", Integer.toString(port)));
    }

    /** Adds the ABP devices as factory configurations of {@value #DEVICE_PID} to a snapshot. */
    static void addDevices(Path snapshot, int devices) throws IOException {
        String text = Files.readString(snapshot, StandardCharsets.UTF_8);
        int end = text.lastIndexOf("</esf:configurations>");
        if (end < 0) {
            throw new IOException(snapshot + " has no </esf:configurations>");
        }
        StringBuilder xml = new StringBuilder(text.length() + devices * 1500).append(text, 0, end);
        for (int i = 0; i < devices; i++) {
            Keys k = keys(i);
            String pid = String.format(Locale.ROOT, "benchLora%04d", i);
            xml.append("  <esf:configuration pid=\"").append(pid).append("\">\n    <esf:properties>\n");
            property(xml, "kura.service.pid", "String", pid);
            property(xml, "service.factoryPid", "String", DEVICE_PID);
            property(xml, "dev.eui", "String", Bytes.hex(devEui(i), 16));
            property(xml, "activation", "String", "ABP");
            property(xml, "dev.addr", "String", Bytes.hex(devAddr(i) & 0xffffffffL, 8));
            property(xml, "sensor.id", "String", sensorId(i));
            property(xml, "profile.id", "String", PROFILE);
            property(xml, "nwk.s.key", "Password", Bytes.hex(k.nwkSKey()));
            property(xml, "app.s.key", "Password", Bytes.hex(k.appSKey()));
            xml.append("    </esf:properties>\n  </esf:configuration>\n");
        }
        xml.append("</esf:configurations>\n");
        Files.writeString(snapshot, xml.toString(), StandardCharsets.UTF_8);
    }

    private static void property(StringBuilder xml, String name, String type, String value) {
        xml.append("      <esf:property name=\"").append(name).append("\" type=\"").append(type)
                .append("\" array=\"false\" encrypted=\"false\"><esf:value>").append(value)
                .append("</esf:value></esf:property>\n");
    }

    /**
     * Opens the downlink path (PULL_DATA, PULL_ACK) and sends one frame of device 0 in phase {@code readyPhase}
     * until one has been PUSH_ACKed and all its readings arrived at the platform: the gateway configures the devices
     * after its LoRa server listens, and drops frames of devices it does not know yet (those frames are withdrawn
     * from the ledger: neither accepted nor lost).
     *
     * @throws IOException if that does not happen within the timeout
     */
    void awaitReady(int readyPhase, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (pullAcks.get(0) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the gateway's LoRa server did not answer PULL_DATA on " + server);
            }
            send(GwmpDatagram.fromGateway(token(), GwmpDatagram.Type.PULL_DATA, CONCENTRATOR_EUI, null));
            TimeUnit.MILLISECONDS.sleep(200);
        }
        lastPull = System.nanoTime();
        int k = ledger.readingsPerFrame();
        while (true) {
            nextDevice = 0;
            phase = readyPhase;
            long frame = ledger.frames();
            pushDue(1);
            phase = -1;
            long frameDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (System.nanoTime() < frameDeadline && !allArrived(frame, k)) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            if (ledger.state(frame) == LoraLedger.ACCEPTED && allArrived(frame, k)) {
                break;
            }
            ledger.withdraw(frame);
            pendingConfirmed.set(0, -1);
            if (System.nanoTime() > deadline) {
                throw new IOException("a LoRa frame's readings did not all reach the platform (PUSH_ACKed: "
                        + ledger.framesAccepted.sum() + ", foreign records: " + ledger.foreign.sum()
                        + "); see the gateway log's LoRa lines");
            }
        }
        sender.start();
    }

    private boolean allArrived(long frame, int k) {
        for (int c = 0; c < k; c++) {
            if (ledger.arrivals(frame, c) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Starts (or continues) sending at the configured rate, frames tagged with this phase. */
    void start(int phaseNumber) {
        phase = phaseNumber;
        LockSupport.unpark(sender);
    }

    /** Stops sending after the current datagram. */
    void pause() {
        phase = -1;
    }

    /** @return whether every frame sent has its PUSH_ACK or is overdue */
    boolean allAnswered() {
        synchronized (tokenLock) {
            for (int t = 0; t < tokenCount.length; t++) {
                if (tokenCount[t] > 0 && !tokenOverdue[t]) {
                    return false;
                }
            }
        }
        return true;
    }

    /** @return whether every reading of every PUSH_ACKed frame has arrived (and no PUSH_ACK is awaited) */
    boolean caughtUp() {
        return allAnswered() && ledger.uniqueArrivals.sum() >= ledger.acceptedReadings.sum();
    }

    private void sendLoop() {
        long start = 0;
        long sent = 0;
        int runningPhase = -1;
        while (running) {
            int p = phase;
            long now = System.nanoTime();
            if (now - lastPull > TimeUnit.SECONDS.toNanos(PULL_SECONDS)) {
                lastPull = now;
                sendQuietly(GwmpDatagram.fromGateway(token(), GwmpDatagram.Type.PULL_DATA, CONCENTRATOR_EUI, null));
                sweep(now);
            }
            if (p < 0) {
                runningPhase = -1;
                LockSupport.parkNanos(5_000_000);
                continue;
            }
            if (runningPhase < 0) {
                // pacing restarts with each phase: no burst for the time the load was paused
                start = now;
                sent = 0;
            }
            runningPhase = p;
            long due = (long) ((now - start) * framesPerSecond / 1e9);
            if (sent >= due) {
                LockSupport.parkNanos(200_000);
                continue;
            }
            int n = (int) Math.min(RXPK_PER_PUSH, due - sent);
            pushDue(n);
            sent += n;
        }
    }

    /** Builds and sends one PUSH_DATA with {@code n} frames, round-robin over the devices. */
    private void pushDue(int n) {
        StringBuilder json = new StringBuilder(120 + n * 330).append("{\"rxpk\":[");
        long first = -1;
        int p = phase;
        for (int i = 0; i < n; i++) {
            int d = nextDevice;
            nextDevice = (nextDevice + 1) % devices.size();
            Instant now = clock.instant();
            long micros = Math.max(now.getEpochSecond() * 1_000_000L + now.getNano() / 1000, lastMicros + 1);
            lastMicros = micros;
            long waiting = pendingConfirmed.get(d);
            if (waiting >= 0 && micros - ledger.timeMicros(waiting) > CONFIRM_TIMEOUT_MICROS) {
                // no ACK by RX2: a real device would repeat it; here it stays counted as confirmed without ACK
                pendingConfirmed.compareAndSet(d, waiting, -1);
                waiting = -1;
            }
            boolean confirmed = waiting < 0 && confirmedShare > 0 && random.nextDouble() < confirmedShare;
            byte[] phy;
            SimulatedLoraDevice device = devices.get(d);
            synchronized (device) {
                phy = device.uplink(confirmed, FPORT, payload(deviceFrames[d]++));
            }
            long tmst = (System.nanoTime() / 1000) & 0xffffffffL;
            long frame = ledger.sent(d, micros, p, confirmed);
            if (confirmed) {
                pendingTmst.set(d, tmst);
                pendingConfirmed.set(d, frame);
            }
            if (first < 0) {
                first = frame;
            }
            json.append(i == 0 ? "{" : ",{").append("\"time\":\"").append(Instant.ofEpochSecond(micros / 1_000_000,
                    (micros % 1_000_000) * 1000)).append("\",\"tmst\":").append(tmst).append(",\"chan\":")
                    .append(d % 8).append(",\"rfch\":0,\"freq\":")
                    .append(String.format(Locale.ROOT, "%.1f", 867.1 + 0.2 * (d % 8)))
                    .append(",\"stat\":1,\"modu\":\"LORA\",\"datr\":\"SF7BW125\",\"codr\":\"4/5\",\"lsnr\":9.5,")
                    .append("\"rssi\":-57,\"size\":").append(phy.length).append(",\"data\":\"")
                    .append(Base64.getEncoder().encodeToString(phy)).append("\"}");
        }
        json.append("]}");
        int token;
        synchronized (tokenLock) {
            token = token();
            if (tokenCount[token] > 0) {
                // 65,536 datagrams ago and still unanswered: give up on those
                for (int i = 0; i < tokenCount[token]; i++) {
                    ledger.noAck(tokenFirst[token] + i);
                }
            }
            tokenFirst[token] = first;
            tokenCount[token] = n;
            tokenSent[token] = System.nanoTime();
            tokenOverdue[token] = false;
        }
        sendQuietly(GwmpDatagram.fromGateway(token, GwmpDatagram.Type.PUSH_DATA, CONCENTRATOR_EUI,
                json.toString()));
    }

    private int token() {
        nextToken = (nextToken + 1) & 0xffff;
        return nextToken;
    }

    /** Frames whose PUSH_ACK is overdue become {@link LoraLedger#NO_ACK}. */
    private void sweep(long now) {
        synchronized (tokenLock) {
            for (int t = 0; t < tokenCount.length; t++) {
                if (tokenCount[t] > 0 && !tokenOverdue[t] && now - tokenSent[t] > PUSH_ACK_TIMEOUT_NANOS) {
                    for (int i = 0; i < tokenCount[t]; i++) {
                        ledger.noAck(tokenFirst[t] + i);
                    }
                    tokenOverdue[t] = true;
                }
            }
        }
    }

    /** Waits for outstanding PUSH_ACKs (then times them out). */
    void awaitAnswers(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!allAnswered() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        sweep(System.nanoTime() + PUSH_ACK_TIMEOUT_NANOS);
    }

    private void sendQuietly(byte[] data) {
        try {
            send(data);
        } catch (IOException e) {
            // counted as missing PUSH_ACKs by the sweep
        }
    }

    private void send(byte[] data) throws IOException {
        socket.send(new DatagramPacket(data, data.length, server));
    }

    private void receive() {
        byte[] buffer = new byte[65_535];
        while (running && !socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                GwmpDatagram d = GwmpDatagram.parse(packet.getData(), packet.getLength());
                switch (d.type()) {
                    case PUSH_ACK -> pushAck(d.token());
                    case PULL_ACK -> pullAcks.incrementAndGet(0);
                    case PULL_RESP -> {
                        send(GwmpDatagram.fromGateway(d.token(), GwmpDatagram.Type.TX_ACK, CONCENTRATOR_EUI, null));
                        downlink(d);
                    }
                    default -> {
                        // a server sends nothing else
                    }
                }
            } catch (SocketException e) {
                return;
            } catch (IOException | GwmpException | Json.SyntaxException | RuntimeException e) {
                downlinksUnreadable++;
            }
        }
    }

    private void pushAck(int token) {
        synchronized (tokenLock) {
            for (int i = 0; i < tokenCount[token]; i++) {
                ledger.accepted(tokenFirst[token] + i);
            }
            tokenCount[token] = 0;
        }
    }

    @SuppressWarnings("unchecked")
    private void downlink(GwmpDatagram d) throws Json.SyntaxException {
        Map<String, Object> txpk = (Map<String, Object>) ((Map<String, Object>) Json.parse(d.json())).get("txpk");
        byte[] phy = Base64.getDecoder().decode((String) txpk.get("data"));
        Instant now = clock.instant();
        long nowMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
        int index = phy.length >= 5 ? ((phy[1] & 0xff) | (phy[2] & 0xff) << 8 | (phy[3] & 0xff) << 16
                | (phy[4] & 0xff) << 24) - DEV_ADDR_BASE : -1;
        if (index < 0 || index >= devices.size()) {
            unexpectedDownlinks++;
            return;
        }
        SimulatedLoraDevice device = devices.get(index);
        DataFrame frame;
        synchronized (device) {
            frame = device.readDownlink(phy);
        }
        long waiting = pendingConfirmed.get(index);
        // a LoRaWAN ACK names no counter: the one for this uplink is the downlink in its RX1 or RX2 window; an
        // ACK of an earlier confirmed uplink (late, after this device moved on) is not taken for this one
        long window = (((Number) txpk.get("tmst")).longValue() - pendingTmst.get(index)) & 0xffffffffL;
        boolean inWindow = window == 1_000_000 || window == 2_000_000;
        if (frame == null || !frame.ack() || waiting < 0 || !inWindow
                || !pendingConfirmed.compareAndSet(index, waiting, -1)
                || !ledger.confirmedAcked(waiting)) {
            unexpectedDownlinks++;
            return;
        }
        LatencyHistogram h = ackHistograms.apply(ledger.phaseOfFrame(waiting));
        if (h != null) {
            h.record(nowMicros - ledger.timeMicros(waiting));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        phase = -1;
        LockSupport.unpark(sender);
        if (sender.isAlive()) {
            sender.join(2_000);
        }
        socket.close();
        receiver.join(2_000);
    }
}
