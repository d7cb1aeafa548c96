package io.cityhub.sensor.coap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.elements.UDPConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 7 item 8 (the socket): requests that arrive while the server is busy wait in the socket's receive buffer;
 * with the default {@code receive.buffer.bytes} a burst of 256 outstanding requests fits, so the kernel drops none
 * (a dropped request is answered only after the sensor's 2 s retransmission, and then counted twice).
 */
@Timeout(60)
class CoapReceiveBufferTest {

    private static final int OUTSTANDING = 256;

    private final LoopbackFixture fixture = new LoopbackFixture();
    private final CountDownLatch receiverMayGo = new CountDownLatch(1);
    private CoapSensorServer server;

    @AfterEach
    void stop() {
        receiverMayGo.countDown();
        fixture.close();
        if (server != null) {
            server.deactivate();
        }
    }

    @Test
    void keepsABurstOf256RequestsWhileTheServerIsBusy() throws Exception {
        // the server's only receiver thread stalls on the first datagram, as when the CPU is busy elsewhere, so the
        // burst has to wait in the kernel's receive buffer
        server = new CoapSensorServer(TestConfig.LOOPBACK.options(), fixture.ingest, fixture.clock,
                (bind, configuration) -> new UDPConnector(bind, configuration) {
                    @Override
                    public void processDatagram(DatagramPacket datagram) {
                        awaitUninterruptibly(receiverMayGo);
                        super.processDatagram(datagram);
                    }
                });
        Set<Integer> answered = new HashSet<>();
        try (DatagramSocket sensor = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            sensor.setReceiveBufferSize(1 << 20);
            for (int i = 0; i < OUTSTANDING; i++) {
                byte[] request = post(i);
                sensor.send(new DatagramPacket(request, request.length, server.address()));
            }
            receiverMayGo.countDown();
            sensor.setSoTimeout(10_000);
            byte[] in = new byte[1500];
            while (answered.size() < OUTSTANDING) {
                DatagramPacket packet = new DatagramPacket(in, in.length);
                try {
                    sensor.receive(packet);
                } catch (SocketTimeoutException e) {
                    break;
                }
                // a separate 2.04 response (RFC 7252 §5.2.2) carries the request's 2-byte token
                if ((in[0] & 0x0F) == 2 && (in[1] & 0xFF) == 0x44) {
                    answered.add((in[4] & 0xFF) << 8 | in[5] & 0xFF);
                }
                if ((in[0] & 0x30) == 0) {
                    // acknowledge a confirmable response, as a sensor does, so the server stops retransmitting it
                    byte[] ack = {0x60, 0x00, in[2], in[3]};
                    sensor.send(new DatagramPacket(ack, ack.length, server.address()));
                }
            }
        }

        assertThat(answered).as("requests answered of %d sent at once", OUTSTANDING).hasSize(OUTSTANDING);
        assertThat(fixture.buffer.durable()).hasSize(OUTSTANDING);
        assertThat((Integer) server.health().get("receiveBufferBytes"))
                .isGreaterThanOrEqualTo(Math.min(CoapOptions.DEFAULT_RECEIVE_BUFFER_BYTES, 212_992));
    }

    /** @return a confirmable POST /readings/burst-{i} with token and message id {@code i} and a 200-byte body */
    private static byte[] post(int i) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {0x42, 0x02, (byte) (i >> 8), (byte) i, (byte) (i >> 8), (byte) i});
        writeOption(out, 11, "readings".getBytes(StandardCharsets.US_ASCII)); // Uri-Path, delta 11
        writeOption(out, 0, ("burst-" + i).getBytes(StandardCharsets.US_ASCII)); // Uri-Path again
        out.write(new byte[] {0x11, 110}); // Content-Format (delta 1 = 12): application/senml+json
        out.write(0xFF);
        out.write(LoopbackFixture.senmlOfSize(200));
        return out.toByteArray();
    }

    private static void writeOption(ByteArrayOutputStream out, int delta, byte[] value) throws IOException {
        // values here are shorter than 13 bytes, so length fits the nibble (RFC 7252 §3.1)
        out.write(delta << 4 | value.length);
        out.write(value);
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
