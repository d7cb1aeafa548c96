package io.cityhub.sensor.lora.internal;

import io.cityhub.sensor.lora.gwmp.Rxpk;
import io.cityhub.sensor.lora.gwmp.Txpk;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Class A receive windows for EU868 (LoRaWAN 1.0.2 §3.3; RP 1.0.3revA §2.2.7): RX1 on the uplink's channel and data
 * rate (RX1DROffset 0) at the uplink's {@code tmst} + RECEIVE_DELAY1 (1 s; JOIN_ACCEPT_DELAY1 5 s for a join), RX2 on
 * the configured frequency and data rate one second later. The window is chosen when the downlink is ready: RX1 if
 * the packet forwarder can still get it there in time, else RX2, else nothing.
 */
final class DownlinkTiming {

    /** RECEIVE_DELAY1, the {@code RxDelay} this gateway assigns in its join accepts. */
    static final Duration RECEIVE_DELAY1 = Duration.ofSeconds(1);
    /** JOIN_ACCEPT_DELAY1. */
    static final Duration JOIN_ACCEPT_DELAY1 = Duration.ofSeconds(5);
    /** RX2 opens one second after RX1 (RECEIVE_DELAY2, JOIN_ACCEPT_DELAY2). */
    static final Duration RX2_AFTER_RX1 = Duration.ofSeconds(1);

    private final LoraGatewayOptions options;

    DownlinkTiming(LoraGatewayOptions options) {
        this.options = options;
    }

    /**
     * @param uplink the uplink answered
     * @param receivedAt when its datagram arrived
     * @param now the time the downlink is ready
     * @param join whether this answers a join request
     * @param phy the downlink PHYPayload
     * @return the txpk, or empty when even RX2 can no longer be reached
     */
    Optional<Txpk> schedule(Rxpk uplink, Instant receivedAt, Instant now, boolean join, byte[] phy) {
        Duration delay1 = join ? JOIN_ACCEPT_DELAY1 : RECEIVE_DELAY1;
        Duration elapsed = Duration.between(receivedAt, now).plus(options.downlinkLead());
        if (elapsed.compareTo(delay1) < 0) {
            return Optional.of(new Txpk(uplink.tmst() + delay1.toNanos() / 1000, uplink.freqMhz(), 0,
                    options.txPowerDbm(), uplink.datr(), "4/5", phy));
        }
        Duration delay2 = delay1.plus(RX2_AFTER_RX1);
        if (elapsed.compareTo(delay2) < 0) {
            return Optional.of(new Txpk(uplink.tmst() + delay2.toNanos() / 1000, options.rx2FrequencyMhz(), 0,
                    options.txPowerDbm(), options.rx2DataRateName(), "4/5", phy));
        }
        return Optional.empty();
    }
}
