package io.cityhub.benchmarks.e2e;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * What happened to every LoRa frame of the run and to each of its readings. Frames are numbered {@code 0, 1, 2, ...}
 * in send order by the one thread that sends them; each carries a GPS time (the rxpk {@code time}, which becomes the
 * readings' timestamp) that is strictly increasing over all frames, so the platform side finds a reading's frame by
 * its SenML time alone (binary search), checks the device by the sensor id, and the reading by its channel. A decoded
 * LoRa reading's value is a plausible sensor value, not a ledger number as on the CoAP side.
 *
 * <p>States of a frame: {@link #PENDING} (sent, no PUSH_ACK yet), {@link #ACCEPTED} (the gateway answered PUSH_ACK:
 * it received the datagram; for an unconfirmed uplink that is all a packet forwarder ever learns), {@link #NO_ACK}
 * (no PUSH_ACK within the timeout). A confirmed uplink additionally is {@link #CONFIRMED_ACKED} once the downlink
 * with the ACK bit arrived, which the gateway sends only when the frame's readings are durable.
 *
 * <p>Concurrency: frame columns are written by the sender before {@link #sent} publishes the frame (volatile count);
 * states by the GWMP receiver thread; arrival counts only by the platform subscriber's callback thread. Final scans
 * run after all have stopped.
 */
final class LoraLedger {

    static final byte PENDING = 0;
    static final byte ACCEPTED = 1;
    static final byte NO_ACK = 2;
    static final byte WITHDRAWN = 3;

    static final byte UNCONFIRMED = 0;
    static final byte CONFIRMED_PENDING = 1;
    static final byte CONFIRMED_ACKED = 2;

    /** 2^16 frames per chunk, up to 2^30 frames. */
    private final ChunkedColumns columns = new ChunkedColumns(16, 1 << 14, "LoRa ledger");

    private final List<String> channels;
    private final int readingsPerFrame;
    private final ChunkedColumns.Longs micros = columns.new Longs();
    private final ChunkedColumns.Longs device = columns.new Longs();
    private final ChunkedColumns.Bytes phase = columns.new Bytes();
    private final ChunkedColumns.Bytes state = columns.new Bytes();
    private final ChunkedColumns.Bytes confirmed = columns.new Bytes();
    private final ChunkedColumns.Bytes arrivals = columns.new Bytes();
    private volatile long count;
    private long lastMicros = Long.MIN_VALUE;

    final LongAdder framesSent = new LongAdder();
    final LongAdder framesAccepted = new LongAdder();
    final LongAdder framesNoAck = new LongAdder();
    /** PUSH_ACKs that came after the timeout. */
    final LongAdder lateAcks = new LongAdder();
    final LongAdder confirmedSent = new LongAdder();
    final LongAdder confirmedAcked = new LongAdder();
    /** Readings of frames the gateway PUSH_ACKed. */
    final LongAdder acceptedReadings = new LongAdder();
    /** Distinct LoRa readings that arrived at the platform. */
    final LongAdder uniqueArrivals = new LongAdder();
    final LongAdder duplicateArrivals = new LongAdder();
    /** Records from a LoRa sensor whose time, device or channel matches no frame sent. */
    final LongAdder foreign = new LongAdder();

    /** @param channels the channels every frame decodes to, in a fixed order */
    LoraLedger(List<String> channels) {
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("a frame must decode to at least one reading");
        }
        this.channels = List.copyOf(channels);
        this.readingsPerFrame = channels.size();
    }

    int readingsPerFrame() {
        return readingsPerFrame;
    }

    /** @return frames sent so far (= the next frame number) */
    long frames() {
        return count;
    }

    /**
     * Records a frame about to be sent; one thread only.
     *
     * @param timeMicros its GPS time, µs since the epoch: above every earlier frame's
     * @return its number
     */
    long sent(int deviceIndex, long timeMicros, int phaseNumber, boolean isConfirmed) {
        if (timeMicros <= lastMicros) {
            throw new IllegalArgumentException("frame time " + timeMicros + " µs not above the previous frame's "
                    + lastMicros + " µs: the platform could not tell the frames apart");
        }
        if (deviceIndex < 0) {
            throw new IllegalArgumentException("device index " + deviceIndex);
        }
        long frame = count;
        micros.set(frame, timeMicros);
        device.set(frame, deviceIndex);
        phase.set(frame, (byte) phaseNumber);
        confirmed.set(frame, isConfirmed ? CONFIRMED_PENDING : UNCONFIRMED);
        lastMicros = timeMicros;
        count = frame + 1;
        framesSent.increment();
        if (isConfirmed) {
            confirmedSent.increment();
        }
        return frame;
    }

    /**
     * The gateway answered PUSH_ACK for the datagram that carried this frame; a late PUSH_ACK (after the timeout
     * made the frame {@link #NO_ACK}) still means the gateway received it, so it counts.
     */
    void accepted(long frame) {
        byte s = state.get(frame);
        if (s == PENDING || s == NO_ACK) {
            if (s == NO_ACK) {
                framesNoAck.decrement();
                lateAcks.increment();
            }
            state.set(frame, ACCEPTED);
            framesAccepted.increment();
            acceptedReadings.add(readingsPerFrame);
        }
    }

    /** No PUSH_ACK came within the timeout. */
    void noAck(long frame) {
        if (state.get(frame) == PENDING) {
            state.set(frame, NO_ACK);
            framesNoAck.increment();
        }
    }

    /**
     * Takes back a frame sent while the gateway was starting (its device may not be configured yet, so the gateway
     * PUSH_ACKs and then drops it): it no longer counts as accepted, nor as lost.
     */
    void withdraw(long frame) {
        byte s = state.get(frame);
        state.set(frame, WITHDRAWN);
        if (s == ACCEPTED) {
            framesAccepted.decrement();
            acceptedReadings.add(-readingsPerFrame);
        }
    }

    /** The downlink with the ACK bit for this confirmed uplink arrived. @return whether it was awaited */
    boolean confirmedAcked(long frame) {
        if (confirmed.get(frame) != CONFIRMED_PENDING) {
            return false;
        }
        confirmed.set(frame, CONFIRMED_ACKED);
        confirmedAcked.increment();
        return true;
    }

    byte state(long frame) {
        return state.get(frame);
    }

    byte confirmation(long frame) {
        return confirmed.get(frame);
    }

    int phaseOfFrame(long frame) {
        return phase.get(frame);
    }

    long timeMicros(long frame) {
        return micros.get(frame);
    }

    int deviceOf(long frame) {
        return (int) device.get(frame);
    }

    /**
     * A reading arrived at the platform.
     *
     * @param timeMicros its SenML time in µs
     * @return its frame's number, or -1 if no frame sent matches the time, device and channel (counted as foreign)
     */
    long arrived(int deviceIndex, String channel, long timeMicros) {
        int c = channels.indexOf(channel);
        long frame = find(timeMicros);
        if (c < 0 || frame < 0 || device.get(frame) != deviceIndex) {
            foreign.increment();
            return -1;
        }
        long reading = frame * readingsPerFrame + c;
        int n = arrivals.get(reading) + 1;
        arrivals.set(reading, (byte) Math.min(n, Byte.MAX_VALUE));
        if (n == 1) {
            uniqueArrivals.increment();
        } else {
            duplicateArrivals.increment();
        }
        return frame;
    }

    /** @return how often reading {@code c} of the frame has arrived */
    int arrivals(long frame, int c) {
        return arrivals.get(frame * readingsPerFrame + c);
    }

    /** @return the frame sent with exactly this time, or -1 */
    long find(long timeMicros) {
        long lo = 0;
        long hi = count - 1;
        while (lo <= hi) {
            long mid = (lo + hi) >>> 1;
            long t = micros.get(mid);
            if (t < timeMicros) {
                lo = mid + 1;
            } else if (t > timeMicros) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** The outcome of the whole run, by the phase each frame was sent in. */
    record Outcome(long[] lostByPhase, long lost, long arrivedUnaccepted, long confirmedAckedButLost,
            long confirmedWithoutAck, long confirmedAcceptedWithoutAck, long[] duplicatesByPhase) {
    }

    /**
     * Scans every reading: lost = its frame was PUSH_ACKed but it never arrived; a confirmed frame ACKed by downlink
     * whose readings did not all arrive breaks the durability promise and is counted apart.
     */
    Outcome verify(int phases) {
        long[] lostByPhase = new long[phases];
        long[] dupByPhase = new long[phases];
        long lost = 0;
        long unaccepted = 0;
        long ackedButLost = 0;
        long withoutAck = 0;
        long acceptedWithoutAck = 0;
        long frames = count;
        for (long f = 0; f < frames; f++) {
            byte s = state.get(f);
            byte conf = confirmed.get(f);
            int p = phase.get(f);
            boolean missing = false;
            for (int c = 0; c < readingsPerFrame; c++) {
                int n = arrivals(f, c);
                if (n == 0 && s == ACCEPTED) {
                    lostByPhase[p]++;
                    lost++;
                }
                missing |= n == 0;
                if (n > 0 && s != ACCEPTED) {
                    unaccepted++;
                }
                if (n > 1) {
                    dupByPhase[p] += n - 1;
                }
            }
            if (conf == CONFIRMED_ACKED && missing) {
                ackedButLost++;
            }
            if (conf == CONFIRMED_PENDING) {
                withoutAck++;
                if (s == ACCEPTED) {
                    acceptedWithoutAck++;
                }
            }
        }
        return new Outcome(lostByPhase, lost, unaccepted, ackedButLost, withoutAck, acceptedWithoutAck, dupByPhase);
    }
}
