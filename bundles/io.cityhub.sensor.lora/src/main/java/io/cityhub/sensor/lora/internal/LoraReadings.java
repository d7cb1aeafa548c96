package io.cityhub.sensor.lora.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingIds;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.clock.ClockState;
import io.cityhub.sensor.lora.gwmp.Rxpk;
import io.cityhub.sensor.lora.lorawan.Bytes;
import io.cityhub.sensor.lora.lorawan.DataFrame;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The readings of an accepted uplink. Until device profiles bring codecs, the FRMPayload becomes one reading
 * {@value #RAW_CHANNEL} holding its bytes as hex text.
 */
final class LoraReadings {

    /** Channel name of the reading that holds a payload without a codec. */
    static final String RAW_CHANNEL = "payload";

    private final Supplier<ClockState> clockState;

    LoraReadings(Supplier<ClockState> clockState) {
        this.clockState = clockState;
    }

    /** @return the readings of the frame: none for a frame without FPort or payload, or with FPort 0 */
    List<Reading> of(LoraDeviceOptions device, DataFrame frame, DeviceSession.Uplink up, Rxpk rx, long gatewayEui,
            Instant receivedAt) {
        if (frame.fPort() <= 0 || up.payload().length == 0) {
            return List.of();
        }
        Instant timestamp = receivedAt;
        ClockQuality quality = ClockQuality.UNSYNCHRONISED;
        Instant gps = gpsTime(rx);
        if (gps != null) {
            timestamp = gps;
            quality = ClockQuality.SYNCHRONISED;
        } else {
            ClockState state = clockState.get();
            if (state != null) {
                quality = state.quality();
            }
        }
        String devEui = Bytes.hex(device.devEui(), 16);
        SourceMetadata source = new SourceMetadata("lora", rx.rssi(), Double.isNaN(rx.lsnr()) ? null : rx.lsnr(),
                Map.of("frequency", Double.toString(rx.freqMhz()), "dataRate", rx.datr(),
                        "gateway", Bytes.hex(gatewayEui, 16), "devEui", devEui,
                        "fCnt", Long.toString(up.fCnt32()), "fPort", Integer.toString(frame.fPort())));
        // the frame, not the receive time, identifies the reading: a second antenna, a retransmission or a replay
        // after a restart yields the same id (the epoch keeps a new session's counters apart from an old one's)
        String id = ReadingIds.derive("lora", devEui, Long.toString(up.epoch()), Long.toString(up.fCnt32()),
                RAW_CHANNEL, "");
        return List.of(new Reading(id, device.sensorId(), RAW_CHANNEL, ReadingValue.of(Bytes.hex(up.payload())),
                "", timestamp, quality, Priority.TELEMETRY, source));
    }

    /** @return the rxpk's GPS-derived UTC time, or null when the concentrator has none */
    private static Instant gpsTime(Rxpk rx) {
        if (rx.time() == null) {
            return null;
        }
        try {
            return Instant.parse(rx.time());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
