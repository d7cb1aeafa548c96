package io.cityhub.sensor.lora.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingIds;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.clock.ClockState;
import io.cityhub.api.ingest.IngestReceipt;
import io.cityhub.api.ingest.ObservationSink;
import io.cityhub.api.ingest.RawObservation;
import io.cityhub.api.profile.DeviceProfile;
import io.cityhub.api.profile.DeviceProfileRegistry;
import io.cityhub.sensor.lora.gwmp.Rxpk;
import io.cityhub.sensor.lora.lorawan.Bytes;
import io.cityhub.sensor.lora.lorawan.DataFrame;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * What an accepted uplink hands to ingest. The FRMPayload of a device with a device profile goes to ingest as a
 * {@link RawObservation} for the profile's codec, with the FPort and the frame's identity as source attributes, so
 * its readings get ids from DevEUI, session, FCnt and channel. Without a profile, or while the profile is not known
 * (no registry, unknown id), the FRMPayload becomes one reading {@value #RAW_CHANNEL} holding its bytes as hex text,
 * so nothing the device sent is lost.
 */
final class LoraReadings {

    /** Channel name of the reading that holds a payload without a codec. */
    static final String RAW_CHANNEL = "payload";

    private final Supplier<ClockState> clockState;
    private final Supplier<DeviceProfileRegistry> profiles;
    private final LoraCounters counters;

    LoraReadings(Supplier<ClockState> clockState, Supplier<DeviceProfileRegistry> profiles, LoraCounters counters) {
        this.clockState = clockState;
        this.profiles = profiles;
        this.counters = counters;
    }

    /**
     * One uplink's submission to ingest: decoded readings, or raw bytes ingest decodes with the codec named.
     *
     * @param readings readings made here (raw payload), empty when {@code raw} is set
     * @param raw the payload for the profile's codec, or null
     */
    record Batch(List<Reading> readings, RawObservation raw) {

        static final Batch EMPTY = new Batch(List.of(), null);

        boolean isEmpty() {
            return raw == null && readings.isEmpty();
        }

        CompletionStage<IngestReceipt> submitTo(ObservationSink sink) {
            return raw != null ? sink.submit(raw) : sink.submit(readings);
        }
    }

    /** @return what the frame yields: nothing for a frame without FPort or payload, or with FPort 0 */
    Batch of(LoraDeviceOptions device, DataFrame frame, DeviceSession.Uplink up, Rxpk rx, long gatewayEui,
            Instant receivedAt) {
        if (frame.fPort() <= 0 || up.payload().length == 0) {
            return Batch.EMPTY;
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
        Map<String, String> attributes = new HashMap<>(Map.of("frequency", Double.toString(rx.freqMhz()),
                "dataRate", rx.datr(), "gateway", Bytes.hex(gatewayEui, 16), "devEui", devEui,
                "fCnt", Long.toString(up.fCnt32()), "fPort", Integer.toString(frame.fPort())));
        DeviceProfile profile = profile(device);
        if (profile != null) {
            // the frame, not the receive time, identifies the readings: a second antenna, a retransmission or a
            // replay after a restart yields the same ids (the epoch keeps a new session's counters apart)
            attributes.put(SourceMetadata.FRAME_ID, "lora/" + devEui + "/" + up.epoch() + "/" + up.fCnt32());
            attributes.put(SourceMetadata.PROFILE, profile.id());
            SourceMetadata source = new SourceMetadata("lora", rx.rssi(), Double.isNaN(rx.lsnr()) ? null : rx.lsnr(),
                    attributes);
            return new Batch(List.of(), new RawObservation(device.sensorId(), profile.codecId(), up.payload(),
                    timestamp, quality, Priority.TELEMETRY, source));
        }
        SourceMetadata source = new SourceMetadata("lora", rx.rssi(), Double.isNaN(rx.lsnr()) ? null : rx.lsnr(),
                attributes);
        // same identity as a decoded reading: the frame and the channel (see above)
        String id = ReadingIds.derive("lora", devEui, Long.toString(up.epoch()), Long.toString(up.fCnt32()),
                RAW_CHANNEL, "");
        return new Batch(List.of(new Reading(id, device.sensorId(), RAW_CHANNEL,
                ReadingValue.of(Bytes.hex(up.payload())), "", timestamp, quality, Priority.TELEMETRY, source)), null);
    }

    /** @return the device's profile, or null if it has none or it is not known (counted and logged) */
    private DeviceProfile profile(LoraDeviceOptions device) {
        if (device.profileId().isEmpty()) {
            return null;
        }
        DeviceProfileRegistry registry = profiles.get();
        if (registry == null) {
            counters.warn("undecoded.no_registry", device + " names profile '" + device.profileId()
                    + "' but no device-profile registry runs; its payload is stored as hex text");
            return null;
        }
        DeviceProfile profile = registry.profile(device.profileId()).orElse(null);
        if (profile == null) {
            counters.warn("undecoded.unknown_profile", device + " names profile '" + device.profileId()
                    + "', which is not loaded; its payload is stored as hex text");
        }
        return profile;
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
