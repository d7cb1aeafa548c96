package io.cityhub.benchmarks.e2e;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The LoRa side of the benchmark's figures: per phase, frames sent and PUSH_ACKed, LoRa readings accepted and
 * delivered per second, their latency (send → platform), confirmed uplinks and their ACK latency (send → downlink),
 * and the totals with the CoAP readings of the same phase.
 */
final class LoraReport {

    /** Counters at the start of a measured phase. */
    record Mark(long nanos, long sent, long accepted, long noAck, long readingsAccepted, long arrivals,
            long confirmedSent, long confirmedAcked) {
    }

    /** One measured phase. */
    record Row(String name, int phase, double framesSent, double framesAccepted, double readingsAccepted,
            double delivered, long noAck, long confirmedSent, long confirmedAcked, long backlog) {
    }

    private final LoraLedger ledger;
    private final double framesPerSecond;
    private final List<LatencyHistogram> latency = new ArrayList<>();
    private final List<LatencyHistogram> acks = new ArrayList<>();
    private final List<Row> rows = new ArrayList<>();

    LoraReport(LoraLedger ledger, int phases, double framesPerSecond) {
        this.ledger = ledger;
        this.framesPerSecond = framesPerSecond;
        for (int i = 0; i < phases; i++) {
            latency.add(new LatencyHistogram());
            acks.add(new LatencyHistogram());
        }
    }

    /** @return send → platform latency of the LoRa readings sent in this phase */
    LatencyHistogram latency(int phase) {
        return latency.get(phase);
    }

    /** @return send → downlink ACK latency of the confirmed uplinks sent in this phase */
    LatencyHistogram acks(int phase) {
        return acks.get(phase);
    }

    List<Row> rows() {
        return rows;
    }

    Mark mark() {
        return new Mark(System.nanoTime(), ledger.framesSent.sum(), ledger.framesAccepted.sum(),
                ledger.framesNoAck.sum(), ledger.acceptedReadings.sum(), ledger.uniqueArrivals.sum(),
                ledger.confirmedSent.sum(), ledger.confirmedAcked.sum());
    }

    /** Ends a measured phase begun at {@code m}; @return its row, also kept for the table */
    Row end(String name, int phase, Mark m) {
        double dt = (System.nanoTime() - m.nanos()) / 1e9;
        Mark now = mark();
        Row row = new Row(name, phase, (now.sent() - m.sent()) / dt, (now.accepted() - m.accepted()) / dt,
                (now.readingsAccepted() - m.readingsAccepted()) / dt, (now.arrivals() - m.arrivals()) / dt,
                now.noAck() - m.noAck(), now.confirmedSent() - m.confirmedSent(),
                now.confirmedAcked() - m.confirmedAcked(), now.readingsAccepted() - now.arrivals());
        rows.add(row);
        return row;
    }

    /** @return the line printed as a phase ends */
    String line(Row r) {
        return String.format(Locale.ROOT, "  LoRa: sent %,.0f frames/s (%,.0f readings/s)  PUSH_ACKed %,.0f/s  "
                + "accepted %,.0f readings/s  delivered %,.0f/s  backlog %,d  no PUSH_ACK %d  confirmed %d, ACKed "
                + "%d", r.framesSent(), r.framesSent() * ledger.readingsPerFrame(), r.framesAccepted(),
                r.readingsAccepted(), r.delivered(), r.backlog(), r.noAck(), r.confirmedSent(), r.confirmedAcked());
    }

    /** The CoAP figures of a phase, for the totals. */
    record Coap(double offered, double delivered, LatencyHistogram latency) {
    }

    /**
     * Prints the LoRa table, the totals with CoAP and whether issue 15's targets are met.
     *
     * @param coap CoAP figures by row name, null where none
     */
    void print(PrintStream out, LoraLedger.Outcome outcome, Function<String, Coap> coap,
            long unexpectedDownlinks) {
        out.println();
        out.printf(Locale.ROOT, "LoRa: %,.0f frames/s offered while a phase runs, %d readings per frame (profile %s), "
                + "one packet forwarder (GWMP v2, UDP loopback); accepted = the gateway PUSH_ACKed the datagram "
                + "(received, not yet durable); a confirmed uplink's downlink ACK = durable%n", framesPerSecond,
                ledger.readingsPerFrame(), LoraLoad.PROFILE);
        String header = String.format(Locale.ROOT, "%-22s %8s %8s %9s %9s %8s %8s %8s %6s %6s %11s %9s %9s %9s",
                "phase", "frames/s", "PUSHACK", "rdg acc/s", "deliv/s", "p50 ms", "p99 ms", "max ms", "lost",
                "noACK", "conf/ACKed", "ACK p99", "total/s", "tot p99");
        out.println(header);
        out.println("-".repeat(header.length()));
        for (Row r : rows) {
            LatencyHistogram h = latency.get(r.phase());
            LatencyHistogram a = acks.get(r.phase());
            Coap c = coap.apply(r.name());
            double total = c == null ? Double.NaN : c.delivered() + r.delivered();
            LatencyHistogram both = c == null ? null : LatencyHistogram.merged(c.latency(), h);
            out.printf(Locale.ROOT, "%-22s %8s %8s %9s %9s %8s %8s %8s %6d %6d %11s %9s %9s %9s%n", r.name(),
                    num(r.framesSent()), num(r.framesAccepted()), num(r.readingsAccepted()), num(r.delivered()),
                    ms(h.quantileMillis(0.5)), ms(h.quantileMillis(0.99)), ms(h.maxMillis()),
                    outcome.lostByPhase()[r.phase()], r.noAck(), r.confirmedSent() + "/" + r.confirmedAcked(),
                    ms(a.quantileMillis(0.99)), num(total), both == null ? "-" : ms(both.quantileMillis(0.99)));
        }
        out.println("(deliv/s: LoRa readings delivered while the phase ran; total/s: CoAP + LoRa delivered; tot p99: "
                + "p99 over the CoAP and LoRa readings of the phase)");
        out.printf(Locale.ROOT, "LoRa frames sent %,d, PUSH_ACKed %,d (%,d of them after %d s), no PUSH_ACK %,d; "
                + "readings accepted %,d, arrived %,d (duplicates %,d, foreign records %,d)%n",
                ledger.framesSent.sum(), ledger.framesAccepted.sum(), ledger.lateAcks.sum(),
                LoraLoad.PUSH_ACK_TIMEOUT_SECONDS, ledger.framesNoAck.sum(), ledger.acceptedReadings.sum(),
                ledger.uniqueArrivals.sum(), ledger.duplicateArrivals.sum(), ledger.foreign.sum());
        out.printf(Locale.ROOT, "LoRa LOST (PUSH_ACKed but never arrived): %,d; arrived without PUSH_ACK: %,d%n",
                outcome.lost(), outcome.arrivedUnaccepted());
        out.printf(Locale.ROOT, "LoRa confirmed uplinks: %,d sent, %,d ACKed by downlink, %,d without ACK (%,d of "
                + "them PUSH_ACKed: received but not ACKed, e.g. durable only after RX2); ACKed but a reading never "
                + "arrived (durability broken): %,d; other downlinks: %,d%n", ledger.confirmedSent.sum(),
                ledger.confirmedAcked.sum(), outcome.confirmedWithoutAck(), outcome.confirmedAcceptedWithoutAck(),
                outcome.confirmedAckedButLost(), unexpectedDownlinks);
        for (Row r : rows) {
            Coap c = coap.apply(r.name());
            if (c != null && r.name().startsWith("step") && c.offered() == 20_000) {
                LatencyHistogram both = LatencyHistogram.merged(c.latency(), latency.get(r.phase()));
                double total = c.delivered() + r.delivered();
                double p99 = both.quantileMillis(0.99);
                out.printf(Locale.ROOT, "issue 15 targets at the 20,000/s CoAP step with LoRa: delivered %,.0f "
                        + "readings/s (>= 20,000: %s), p99 %.1f ms (<= 250 ms: %s), LoRa lost %,d%n", total,
                        total >= 20_000 ? "met" : "NOT met", p99, p99 <= 250 ? "met" : "NOT met", outcome.lost());
            }
        }
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }
}
