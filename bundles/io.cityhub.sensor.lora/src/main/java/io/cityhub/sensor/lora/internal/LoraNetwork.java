package io.cityhub.sensor.lora.internal;

import io.cityhub.api.clock.ClockState;
import io.cityhub.api.ingest.IngestReceipt;
import io.cityhub.api.ingest.ObservationSink;
import io.cityhub.api.profile.DecodeException;
import io.cityhub.api.profile.DeviceProfileRegistry;
import io.cityhub.sensor.lora.gwmp.Rxpk;
import io.cityhub.sensor.lora.lorawan.Bytes;
import io.cityhub.sensor.lora.lorawan.DataFrame;
import io.cityhub.sensor.lora.lorawan.DevAddrs;
import io.cityhub.sensor.lora.lorawan.JoinAccept;
import io.cityhub.sensor.lora.lorawan.JoinRequest;
import io.cityhub.sensor.lora.lorawan.MType;
import io.cityhub.sensor.lora.lorawan.MacCommand;
import io.cityhub.sensor.lora.lorawan.MalformedFrameException;
import io.cityhub.sensor.lora.lorawan.PhyPayload;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * LoRaWAN 1.0.x network logic at the edge, without sockets: turns a received packet into readings for ingest and,
 * where the device needs one, a downlink (join accept, ACK of a confirmed uplink, LinkCheckAns). A confirmed
 * uplink's ACK is scheduled only once ingest reports its readings durable.
 */
final class LoraNetwork {

    /** Demodulation floor per spreading factor, dB (SX1276 datasheet Table 13), for LinkCheckAns margins. */
    private static final double[] SNR_FLOOR = {-7.5, -10, -12.5, -15, -17.5, -20};
    /** Frames handed to ingest and not yet durable, at most. */
    static final int MAX_INGEST_IN_FLIGHT = 512;

    private final LoraGatewayOptions options;
    private final ObservationSink sink;
    private final Supplier<ClockState> clockState;
    private final Clock clock;
    private final Downlinks downlinks;
    private final LoraCounters counters;
    private final DuplicateFilter duplicates;
    private final DownlinkTiming timing;
    private final LoraReadings readings;
    private final Map<Long, DeviceSession> byDevEui = new ConcurrentHashMap<>();
    /**
     * Frames whose readings ingest has not made durable yet. Bounded, so a busy concentrator cannot pile readings up
     * in the heap faster than the outbox stores them: the frame thread then waits, its queue fills, and what does
     * not fit is dropped unacknowledged ({@code dropped.queue_full}).
     */
    private final Semaphore ingestInFlight = new Semaphore(MAX_INGEST_IN_FLIGHT);

    /** Where downlinks go: the packet forwarder of the gateway that heard the uplink. */
    interface Downlinks {
        /** @return false if no downlink path to this gateway is known (no PULL_DATA yet) */
        boolean send(long gatewayEui, io.cityhub.sensor.lora.gwmp.Txpk txpk);
    }

    LoraNetwork(LoraGatewayOptions options, ObservationSink sink, Supplier<ClockState> clockState, Clock clock,
            Downlinks downlinks, LoraCounters counters) {
        this(options, sink, clockState, () -> null, clock, downlinks, counters);
    }

    LoraNetwork(LoraGatewayOptions options, ObservationSink sink, Supplier<ClockState> clockState,
            Supplier<DeviceProfileRegistry> profiles, Clock clock, Downlinks downlinks, LoraCounters counters) {
        this.options = options;
        this.sink = sink;
        this.clockState = clockState;
        this.clock = clock;
        this.downlinks = downlinks;
        this.counters = counters;
        this.duplicates = new DuplicateFilter(options.dedupWindow());
        this.timing = new DownlinkTiming(options);
        this.readings = new LoraReadings(clockState, profiles, counters);
    }

    void addDevice(DeviceSession session) {
        byDevEui.put(session.device().devEui(), session);
    }

    /** @return the device served under this DevEUI, or null */
    LoraDeviceOptions device(long devEui) {
        DeviceSession session = byDevEui.get(devEui);
        return session == null ? null : session.device();
    }

    /** Stops serving this device; a different device configured with the same DevEUI stays. */
    void removeDevice(LoraDeviceOptions device) {
        byDevEui.computeIfPresent(device.devEui(), (devEui, session) -> session.device() == device ? null : session);
    }

    /** @return frames handed to ingest whose readings are not durable yet */
    int ingestInFlight() {
        return MAX_INGEST_IN_FLIGHT - ingestInFlight.availablePermits();
    }

    int devices() {
        return byDevEui.size();
    }

    /** One rxpk as the packet forwarder delivered it. */
    record Heard(Rxpk rx, long gatewayEui, Instant receivedAt) {
    }

    /** An accepted frame's session, and what it does once the session's change is durable. */
    private record Accepted(DeviceSession session, Runnable deliver) {
    }

    /** Handles one rxpk as a batch of its own; never throws for bad input (it is counted and logged instead). */
    void uplink(Rxpk rx, long gatewayEui, Instant receivedAt) {
        uplinks(List.of(new Heard(rx, gatewayEui, receivedAt)));
    }

    /**
     * Handles rxpk in the order heard: each frame is checked against its device's session as the frames before it
     * left it, the session changes of all of them are committed together (one journal record), and only then are
     * readings handed to ingest and join accepts sent. If the commit fails, every frame of the batch is dropped as
     * {@code session_store_failed} and the sessions return to their durable state (a device repeating a confirmed
     * frame is then taken as new). Never throws for bad input (it is counted and logged rate-limited instead).
     */
    void uplinks(List<Heard> heard) {
        List<Accepted> accepted = new ArrayList<>();
        Set<DeviceSession> touched = new LinkedHashSet<>();
        for (Heard h : heard) {
            Accepted a = accept(h);
            if (a != null) {
                accepted.add(a);
                touched.add(a.session());
            }
        }
        if (accepted.isEmpty()) {
            return;
        }
        try {
            DeviceSession.commit(touched);
        } catch (IOException e) {
            touched.forEach(DeviceSession::rollback);
            counters.increment("sessions.commit_failed");
            for (Accepted a : accepted) {
                counters.drop("session_store_failed", "session of " + a.session().device() + " not durable, frame"
                        + " dropped: " + e.getMessage());
            }
            return;
        }
        counters.add("sessions.committed_frames", accepted.size());
        for (Accepted a : accepted) {
            try {
                a.deliver().run();
            } catch (RuntimeException e) {
                // a fault in one frame's hand-off (ingest refusing at once) must not strand the frames behind it,
                // whose counters are already durable
                counters.drop("delivery_failed", "frame of " + a.session().device() + " not handed on: " + e);
            }
        }
    }

    private Accepted accept(Heard h) {
        Rxpk rx = h.rx();
        long gatewayEui = h.gatewayEui();
        Instant receivedAt = h.receivedAt();
        counters.increment("rxpk.received");
        if (rx.crcStatus() != 1) {
            counters.drop(rx.crcStatus() == -1 ? "crc_failed" : "crc_missing", "rxpk with CRC status "
                    + rx.crcStatus() + " from gateway " + Bytes.hex(gatewayEui, 16));
            return null;
        }
        PhyPayload phy;
        try {
            phy = PhyPayload.parse(rx.data());
        } catch (MalformedFrameException e) {
            counters.drop("malformed_" + e.reason().name().toLowerCase(java.util.Locale.ROOT), e.getMessage());
            return null;
        }
        if (!phy.mtype().uplink() || phy.mtype() == MType.PROPRIETARY || phy.mtype() == MType.REJOIN_REQUEST) {
            counters.drop("unsupported_mtype", phy.mtype().displayName() + " is not handled at the edge");
            return null;
        }
        if (duplicates.isDuplicate(rx.data(), receivedAt)) {
            counters.drop("duplicate", phy.mtype().displayName() + " heard again within the duplicate window");
            return null;
        }
        try {
            if (phy instanceof JoinRequest join) {
                return join(join, rx, gatewayEui, receivedAt);
            }
            return data((DataFrame) phy, rx, gatewayEui, receivedAt);
        } catch (DropException e) {
            counters.drop(e.reason(), e.getMessage());
            return null;
        }
    }

    private Accepted join(JoinRequest request, Rxpk rx, long gatewayEui, Instant receivedAt) throws DropException {
        DeviceSession session = byDevEui.get(request.devEui());
        if (session == null) {
            throw new DropException("unknown_dev_eui", "join request from unknown DevEUI "
                    + Bytes.hex(request.devEui(), 16));
        }
        Long joinEui = session.device().joinEui();
        if (joinEui != null && joinEui != request.joinEui()) {
            throw new DropException("unknown_join_eui", "join request of " + session.device() + " names JoinEUI "
                    + Bytes.hex(request.joinEui(), 16));
        }
        JoinAccept accept = session.stageJoin(request, options.netId(), allocateDevAddr(session),
                options.rx2DataRate() & 0x0f, (int) DownlinkTiming.RECEIVE_DELAY1.toSeconds(),
                JoinAccept.eu868CfList(867_100_000, 867_300_000, 867_500_000, 867_700_000, 867_900_000));
        return new Accepted(session, () -> {
            counters.increment("joins.accepted");
            try {
                send(gatewayEui, rx, receivedAt, true, accept.seal(session.appKey()));
            } catch (DropException e) {
                counters.drop(e.reason(), e.getMessage());
            }
        });
    }

    /** Keeps a device's DevAddr across rejoins; otherwise the first free one derived from its DevEUI. */
    private int allocateDevAddr(DeviceSession session) {
        int current = session.devAddr();
        if (current != 0 && owners(current) <= 1) {
            return current;
        }
        int base = Long.hashCode(session.device().devEui() * 0x9E3779B97F4A7C15L);
        for (int attempt = 0; ; attempt++) {
            int candidate = DevAddrs.fromNetId(options.netId(), base + attempt);
            if (candidate != 0 && owners(candidate) == 0) {
                return candidate;
            }
        }
    }

    private int owners(int devAddr) {
        int n = 0;
        for (DeviceSession s : byDevEui.values()) {
            if (s.active() && s.devAddr() == devAddr) {
                n++;
            }
        }
        return n;
    }

    private Accepted data(DataFrame frame, Rxpk rx, long gatewayEui, Instant receivedAt) throws DropException {
        List<DeviceSession> candidates = new ArrayList<>(1);
        for (DeviceSession s : byDevEui.values()) {
            if (s.active() && s.devAddr() == frame.devAddr()) {
                candidates.add(s);
            }
        }
        if (candidates.isEmpty()) {
            throw new DropException("unknown_dev_addr", "uplink from unknown DevAddr "
                    + Bytes.hex(frame.devAddr() & 0xffffffffL, 8));
        }
        DeviceSession session = null;
        DeviceSession.Uplink up = null;
        DropException last = null;
        for (DeviceSession candidate : candidates) {
            try {
                up = candidate.stageUplink(frame);
                session = candidate;
                break;
            } catch (DropException e) {
                // two devices may share a DevAddr (1.0.2 §6.1.1): only the right keys give a valid MIC
                if (!e.reason().equals("bad_mic")) {
                    throw e;
                }
                last = e;
            }
        }
        if (session == null) {
            throw last;
        }
        DeviceSession owner = session;
        DeviceSession.Uplink accepted = up;
        return new Accepted(owner, () -> deliverData(owner, accepted, frame, rx, gatewayEui, receivedAt));
    }

    /** Counts the frame, hands its readings to ingest and answers it once they are durable. */
    private void deliverData(DeviceSession session, DeviceSession.Uplink up, DataFrame frame, Rxpk rx,
            long gatewayEui, Instant receivedAt) {
        counters.increment(up.retransmission() ? "uplinks.retransmitted" : "uplinks.accepted");
        boolean linkCheck = macCommands(frame, up);
        boolean answer = frame.confirmed() || linkCheck;
        LoraReadings.Batch batch = readings.of(session.device(), frame, up, rx, gatewayEui, receivedAt);
        if (batch.isEmpty()) {
            if (answer) {
                sendAnswer(session, frame, up, rx, gatewayEui, receivedAt, linkCheck);
            }
            return;
        }
        DeviceSession owner = session;
        DeviceSession.Uplink accepted = up;
        try {
            ingestInFlight.acquire();
        } catch (InterruptedException e) {
            // the component stops: the frame's readings are not handed on; unanswered, the device repeats it
            Thread.currentThread().interrupt();
            counters.drop("stopping", "readings of " + owner.device() + ", FCnt " + accepted.fCnt32()
                    + ", not handed to ingest: the LoRa server stops");
            return;
        }
        CompletionStage<IngestReceipt> submitted;
        try {
            submitted = batch.submitTo(sink);
        } catch (RuntimeException e) {
            ingestInFlight.release();
            throw e;
        }
        submitted.whenComplete((receipt, failure) -> {
            ingestInFlight.release();
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof DecodeException e) {
                // the payload does not match the device's profile: a repeat would fail the same way, so the
                // device is answered and the frame counted and reported (codec, device, FPort, offset, field)
                counters.decodeFailed(e.getMessage());
                counters.drop("decode_failed", "payload of " + owner.device() + ", FCnt " + accepted.fCnt32()
                        + ", did not decode: " + e.getMessage());
                if (answer) {
                    sendAnswer(owner, frame, accepted, rx, gatewayEui, receivedAt, linkCheck);
                }
            } else if (failure != null) {
                // no ACK: the device repeats the frame and its readings get the same ids
                counters.drop("ingest_failed", "readings of " + owner.device() + " not durable: " + failure);
            } else {
                if (receipt.rejected().isEmpty()) {
                    counters.increment("readings.durable");
                } else {
                    // refused for what the reading holds (sensor id, timestamp from a wrong GPS time, …): a repeat
                    // of the frame would be refused the same way, so the device is still answered, but the loss is
                    // counted and logged instead of reported as durable
                    counters.drop("ingest_rejected", "readings of " + owner.device() + " refused by ingest: "
                            + receipt.rejected().get(0));
                }
                if (answer) {
                    sendAnswer(owner, frame, accepted, rx, gatewayEui, receivedAt, linkCheck);
                }
            }
        });
    }

    /** Records MAC commands as diagnostics; @return whether the device asked for a link check. */
    private boolean macCommands(DataFrame frame, DeviceSession.Uplink up) {
        boolean linkCheck = false;
        try {
            List<MacCommand> commands = new ArrayList<>(MacCommand.parseAll(frame.fOpts(), true));
            if (frame.fPort() == 0) {
                commands.addAll(MacCommand.parseAll(up.payload(), true));
            }
            for (MacCommand c : commands) {
                counters.increment("mac." + c.name());
                linkCheck |= c.cid() == MacCommand.LINK_CHECK;
            }
        } catch (MalformedFrameException e) {
            counters.drop("bad_mac_command", e.getMessage());
        }
        return linkCheck;
    }

    private void sendAnswer(DeviceSession session, DataFrame frame, DeviceSession.Uplink up, Rxpk rx,
            long gatewayEui, Instant receivedAt, boolean linkCheck) {
        try {
            byte[] fOpts = new byte[0];
            if (linkCheck) {
                int sf = rx.datr().startsWith("SF") ? Integer.parseInt(rx.datr().replaceAll("SF(\\d+).*", "$1")) : 7;
                double floor = SNR_FLOOR[Math.max(0, Math.min(5, sf - 7))];
                fOpts = MacCommand.linkCheckAns((int) Math.round(rx.lsnr() - floor), 1);
                counters.increment("mac.LinkCheckAns");
            }
            long fCntDown = session.nextFCntDown();
            DataFrame down = DataFrame.build(MType.UNCONFIRMED_DATA_DOWN, frame.devAddr(),
                    frame.confirmed() ? 0x20 : 0, fCntDown, fOpts, DataFrame.NO_PORT, new byte[0],
                    session.nwkSKey(), session.appSKey());
            send(gatewayEui, rx, receivedAt, false, down.phy());
            if (frame.confirmed()) {
                counters.increment("acks.sent");
            }
        } catch (DropException e) {
            counters.drop(e.reason(), e.getMessage());
        } catch (NumberFormatException e) {
            counters.drop("bad_data_rate", "data rate '" + rx.datr() + "'");
        }
    }

    private void send(long gatewayEui, Rxpk rx, Instant receivedAt, boolean join, byte[] phy) throws DropException {
        var txpk = timing.schedule(rx, receivedAt, clock.instant(), join, phy);
        if (txpk.isEmpty()) {
            throw new DropException("too_late", "downlink ready after the last receive window");
        }
        if (!downlinks.send(gatewayEui, txpk.get())) {
            throw new DropException("no_downlink_path", "no PULL_DATA from gateway " + Bytes.hex(gatewayEui, 16)
                    + " yet");
        }
        counters.increment("downlinks.sent");
    }
}
