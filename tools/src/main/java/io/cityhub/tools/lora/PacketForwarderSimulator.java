package io.cityhub.tools.lora;

import io.cityhub.sensor.lora.gwmp.GwmpDatagram;
import io.cityhub.sensor.lora.gwmp.Json;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Semtech packet forwarder in software (what {@code lora_pkt_fwd} on a concentrator HAT sends): real GWMP v2
 * datagrams over UDP to the gateway's server. PUSH_DATA carries rxpk with the frames of simulated devices; PULL_DATA
 * opens the downlink path; every PULL_RESP is answered with TX_ACK and queued for {@link #awaitDownlink}.
 */
public final class PacketForwarderSimulator implements AutoCloseable {

    /** A downlink the server asked for. */
    public record Downlink(long tmst, double freqMhz, String datr, byte[] phy, int token) {
    }

    private final long eui;
    private final InetSocketAddress server;
    private final DatagramSocket socket;
    private final Thread receiver;
    private final AtomicInteger tokens = new AtomicInteger(0x1000);
    private final BlockingQueue<Integer> acks = new LinkedBlockingQueue<>();
    private final BlockingQueue<Downlink> downlinks = new LinkedBlockingQueue<>();

    /**
     * @param eui the gateway EUI it reports
     * @param server the gateway's GWMP address
     * @throws IOException if no local socket can be opened
     */
    public PacketForwarderSimulator(long eui, InetSocketAddress server) throws IOException {
        this.eui = eui;
        this.server = server;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.receiver = new Thread(this::receive, "lora-pkt-fwd-sim-" + Long.toHexString(eui));
        receiver.setDaemon(true);
        receiver.start();
    }

    /** Sends PULL_DATA and waits for its PULL_ACK. @return whether the ACK came within the timeout */
    public boolean pullData(Duration timeout) throws IOException, InterruptedException {
        int token = nextToken();
        send(GwmpDatagram.fromGateway(token, GwmpDatagram.Type.PULL_DATA, eui, null));
        return awaitAck(token, timeout);
    }

    /**
     * Sends one received frame as PUSH_DATA and waits for the PUSH_ACK.
     *
     * @param phy the PHYPayload as on air
     * @param tmst the concentrator counter at reception, µs
     * @return whether the ACK came within the timeout
     */
    public boolean push(byte[] phy, long tmst, Duration timeout) throws IOException, InterruptedException {
        return pushJson(rxpkJson(phy, tmst, 1, null), timeout);
    }

    /** Sends any PUSH_DATA JSON (for malformed-input tests) and waits for the PUSH_ACK. */
    public boolean pushJson(String json, Duration timeout) throws IOException, InterruptedException {
        int token = nextToken();
        send(GwmpDatagram.fromGateway(token, GwmpDatagram.Type.PUSH_DATA, eui, json));
        return awaitAck(token, timeout);
    }

    /**
     * @param crcStatus 1 OK, -1 failed
     * @param time GPS time of reception, or null
     * @return {@code {"rxpk":[…]}} as lora_pkt_fwd formats it (868.1 MHz, SF7BW125)
     */
    public static String rxpkJson(byte[] phy, long tmst, int crcStatus, String time) {
        return "{\"rxpk\":[{" + (time == null ? "" : "\"time\":\"" + time + "\",") + "\"tmst\":" + tmst
                + ",\"chan\":2,\"rfch\":0,\"freq\":868.100000,\"stat\":" + crcStatus
                + ",\"modu\":\"LORA\",\"datr\":\"SF7BW125\",\"codr\":\"4/5\",\"lsnr\":9.5,\"rssi\":-35,\"size\":"
                + phy.length + ",\"data\":\"" + Base64.getEncoder().encodeToString(phy) + "\"}]}";
    }

    /** Sends raw bytes to the server (malformed datagrams). */
    public void sendRaw(byte[] datagram) throws IOException {
        send(datagram);
    }

    /** @return the next PULL_RESP within the timeout, or null */
    public Downlink awaitDownlink(Duration timeout) throws InterruptedException {
        return downlinks.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return the PULL_RESP already received, without waiting, or null */
    public Downlink pollDownlink() {
        return downlinks.poll();
    }

    private boolean awaitAck(int token, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Integer t = acks.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (t == null) {
                return false;
            }
            if (t == token) {
                return true;
            }
        }
    }

    private int nextToken() {
        return tokens.incrementAndGet() & 0xffff;
    }

    private void send(byte[] data) throws IOException {
        socket.send(new DatagramPacket(data, data.length, server));
    }

    private void receive() {
        byte[] buffer = new byte[65_535];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                GwmpDatagram d = GwmpDatagram.parse(packet.getData(), packet.getLength());
                switch (d.type()) {
                    case PUSH_ACK, PULL_ACK -> acks.add(d.token());
                    case PULL_RESP -> {
                        downlinks.add(downlink(d));
                        send(GwmpDatagram.fromGateway(d.token(), GwmpDatagram.Type.TX_ACK, eui, null));
                    }
                    default -> {
                        // a server never sends the other types; the simulator ignores them
                    }
                }
            } catch (SocketTimeoutException e) {
                // not used: the socket has no timeout
            } catch (SocketException e) {
                return;
            } catch (IOException | io.cityhub.sensor.lora.gwmp.GwmpException | Json.SyntaxException e) {
                // a broken answer is the server's defect; tests see it as a missing downlink
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Downlink downlink(GwmpDatagram d) throws Json.SyntaxException {
        Map<String, Object> txpk = (Map<String, Object>) ((Map<String, Object>) Json.parse(d.json())).get("txpk");
        return new Downlink(((Number) txpk.get("tmst")).longValue(), ((Number) txpk.get("freq")).doubleValue(),
                String.valueOf(txpk.get("datr")).toUpperCase(Locale.ROOT),
                Base64.getDecoder().decode((String) txpk.get("data")), d.token());
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        receiver.join(2_000);
    }
}
