package io.cityhub.sensor.lora.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cityhub.api.Reading;
import io.cityhub.api.ingest.IngestReceipt;
import io.cityhub.api.ingest.ObservationSink;
import io.cityhub.api.ingest.RawObservation;
import io.cityhub.sensor.lora.gwmp.GwmpDatagram;
import io.cityhub.sensor.lora.lorawan.DataFrame;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receive thread only reads, answers and queues: while the frame thread is stuck, every PUSH_DATA is still
 * answered at once, the queue takes what fits, and the rest is dropped and counted as {@code dropped.queue_full};
 * what was queued is handled, in order, once the frame thread goes on.
 */
class LoraGatewayQueueTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final long GW = 0xaa555a0000000101L;
    static final int CAPACITY = 2;

    @TempDir
    Path sessions;

    final CountDownLatch ingestEntered = new CountDownLatch(1);
    final CountDownLatch ingestMayGoOn = new CountDownLatch(1);
    final List<Reading> delivered = new CopyOnWriteArrayList<>();
    LoraGateway gateway;
    DatagramSocket forwarder;

    @BeforeEach
    void start() throws Exception {
        LoraGatewayOptions options = TestOptions.loopback();
        gateway = new LoraGateway(options, sessions, new StuckSink(), Clock.systemUTC(), CAPACITY);
        gateway.addDevice(new LoraDevice(LoraNetworkGroupCommitTest.device(0)));
        forwarder = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        forwarder.setSoTimeout((int) WAIT.toMillis());
    }

    @AfterEach
    void stop() throws Exception {
        ingestMayGoOn.countDown();
        forwarder.close();
        gateway.deactivate();
    }

    @Test
    void aFullQueueDropsUnacknowledgedAndCountsWhileTheReceiverGoesOnAndTheQueuedFramesFollowLater()
            throws Exception {
        push(0);
        assertThat(acks()).containsExactly(0);
        assertThat(ingestEntered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        int more = 5;

        for (int fCnt = 1; fCnt <= more; fCnt++) {
            push(fCnt);
        }

        // the receive thread answered everything it took while the frame thread was stuck
        assertThat(acks()).containsExactly(1, 2);
        assertThat(gateway.counter("dropped.queue_full")).isEqualTo(more - CAPACITY);
        assertThat(gateway.counter("push_data.queued")).isEqualTo(1 + CAPACITY);
        ingestMayGoOn.countDown();
        await().atMost(WAIT).untilAsserted(() -> assertThat(delivered).hasSize(1 + CAPACITY));
        assertThat(delivered).extracting(r -> r.source().attributes().get("fCnt")).containsExactly("0", "1", "2");
        await().atMost(WAIT).untilAsserted(() -> assertThat(gateway.health()).containsEntry("queue.depth", 0)
                .containsEntry("ingest.in_flight", 0).containsEntry("running", true));
    }

    /** Sends one frame of device 0 in a PUSH_DATA whose token is the frame counter. */
    private void push(int fCnt) throws Exception {
        DataFrame frame = LoraNetworkGroupCommitTest.up(0, fCnt, "2a");
        String json = "{\"rxpk\":[{\"tmst\":" + (1_000_000 + fCnt) + ",\"freq\":868.1,\"chan\":0,\"rfch\":0,"
                + "\"stat\":1,\"modu\":\"LORA\",\"datr\":\"SF7BW125\",\"codr\":\"4/5\",\"rssi\":-50,\"lsnr\":5.5,"
                + "\"size\":" + frame.phy().length + ",\"data\":\"" + Base64.getEncoder().encodeToString(frame.phy())
                + "\"}]}";
        byte[] data = GwmpDatagram.fromGateway(fCnt, GwmpDatagram.Type.PUSH_DATA, GW, json);
        forwarder.send(new DatagramPacket(data, data.length, gateway.address()));
    }

    /**
     * @return the tokens of the PUSH_ACKs received for everything sent so far: a PULL_DATA goes last, and the
     *     receive thread answers in order, so its PULL_ACK comes after every PUSH_ACK due
     */
    private List<Integer> acks() throws Exception {
        byte[] pull = GwmpDatagram.fromGateway(0xffff, GwmpDatagram.Type.PULL_DATA, GW, null);
        forwarder.send(new DatagramPacket(pull, pull.length, gateway.address()));
        List<Integer> tokens = new ArrayList<>();
        while (true) {
            DatagramPacket packet = new DatagramPacket(new byte[64], 64);
            forwarder.receive(packet);
            GwmpDatagram answer = GwmpDatagram.parse(packet.getData(), packet.getLength());
            if (answer.type() == GwmpDatagram.Type.PULL_ACK) {
                return tokens;
            }
            assertThat(answer.type()).isEqualTo(GwmpDatagram.Type.PUSH_ACK);
            tokens.add(answer.token());
        }
    }

    /** Blocks the frame thread inside the first submission until the test lets it go on. */
    private final class StuckSink implements ObservationSink {

        @Override
        public CompletionStage<IngestReceipt> submit(List<Reading> readings) {
            ingestEntered.countDown();
            try {
                if (!ingestMayGoOn.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    return CompletableFuture.failedFuture(new AssertionError("the test never let ingest go on"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CompletableFuture.failedFuture(e);
            }
            delivered.addAll(readings);
            return CompletableFuture.completedFuture(new IngestReceipt(readings.size(), 0, List.of()));
        }

        @Override
        public CompletionStage<IngestReceipt> submit(RawObservation observation) {
            throw new UnsupportedOperationException("the device has no profile");
        }
    }
}
