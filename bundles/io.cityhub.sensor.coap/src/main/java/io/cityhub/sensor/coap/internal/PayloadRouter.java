package io.cityhub.sensor.coap.internal;

import static io.cityhub.api.profile.ContentFormats.JSON;
import static io.cityhub.api.profile.ContentFormats.OCTET_STREAM;
import static io.cityhub.api.profile.ContentFormats.SENML_CBOR;
import static io.cityhub.api.profile.ContentFormats.SENML_JSON;
import static io.cityhub.api.profile.ContentFormats.TEXT_PLAIN;

import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingIds;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.ingest.IngestReceipt;
import io.cityhub.api.ingest.ObservationSink;
import io.cityhub.api.ingest.RawObservation;
import io.cityhub.api.profile.ChannelSpec;
import io.cityhub.api.profile.CodecIds;
import io.cityhub.api.profile.DeviceProfile;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * Turns a request body into a submission to ingest by its Content-Format (the numbers of
 * {@link io.cityhub.api.profile.ContentFormats}): SenML (110, 112; 50, plain JSON, taken as SenML JSON for simple
 * devices) to the SenML codecs ({@link CodecIds}), one number in {@code text/plain;charset=utf-8} (0) to one reading
 * on the device's channel, and {@code application/octet-stream} (42) to the codec of the device's profile. What
 * cannot be routed is refused with the code and the text that tell the sensor's installer what is missing.
 */
final class PayloadRouter {

    /** A decimal number as simple sensors print it: no hex, no NaN or Infinity, no type suffix. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final int MAX_NUMBER_CHARS = 64;

    private final ObservationSink sink;
    private final DeviceDirectory devices;

    /** What to do with a request: submit it, or refuse it with a response code and a reason. */
    sealed interface Route permits Submit, Refuse {
    }

    /** @param submission starts ingest's stage when called */
    record Submit(java.util.function.Supplier<CompletionStage<IngestReceipt>> submission) implements Route {
    }

    /** @param unsupportedFormat true for 4.15, false for 4.00; {@code reason} says what is wrong or missing */
    record Refuse(boolean unsupportedFormat, String reason) implements Route {
    }

    PayloadRouter(ObservationSink sink, DeviceDirectory devices) {
        this.sink = sink;
        this.devices = devices;
    }

    /**
     * @param sensorId the sensor the request speaks for, or null if the body names its sensors
     * @param contentFormat the request's Content-Format, -1 if none
     * @param payload the body
     * @param stamp receive time and clock quality
     * @param source transport metadata
     * @return the route; never null
     */
    Route route(String sensorId, int contentFormat, byte[] payload, SilenceWatch.Stamp stamp, SourceMetadata source) {
        String senml = switch (contentFormat) {
            case SENML_JSON, JSON -> CodecIds.SENML_JSON;
            case SENML_CBOR -> CodecIds.SENML_CBOR;
            default -> null;
        };
        if (senml != null) {
            return submitRaw(sensorId, senml, payload, stamp, source);
        }
        if (contentFormat != TEXT_PLAIN && contentFormat != OCTET_STREAM) {
            return new Refuse(true, "use Content-Format 110 (senml+json), 112 (senml+cbor), 50 (json), 0 (text/plain"
                    + " number) or 42 (octet-stream with a device profile)");
        }
        if (sensorId == null) {
            return new Refuse(false, "Content-Format " + contentFormat + " needs a sensor: post to /readings/{sensorId}"
                    + " or over DTLS");
        }
        Optional<CoapDeviceOptions> device = devices.bySensor(sensorId);
        Optional<DeviceProfile> profile = devices.profileOf(sensorId, device);
        SourceMetadata named = profile.map(p -> withProfile(source, p.id())).orElse(source);
        return contentFormat == TEXT_PLAIN
                ? number(sensorId, device, profile, payload, stamp, named)
                : octets(sensorId, device, profile, payload, stamp, named);
    }

    /** Names the receipt, from which codecs derive the ids of the readings they stamp with the receive time. */
    private static SourceMetadata withReceipt(SourceMetadata source, SilenceWatch.Stamp stamp) {
        if (stamp.receiptId() == null) {
            return source;
        }
        Map<String, String> attributes = new HashMap<>(source.attributes());
        attributes.put(SourceMetadata.RECEIPT_ID, stamp.receiptId());
        return new SourceMetadata(source.transport(), source.rssiDbm(), source.snrDb(), attributes);
    }

    /** Names the sensor's profile to the edge filters, which find its default filters by it. */
    private static SourceMetadata withProfile(SourceMetadata source, String profileId) {
        Map<String, String> attributes = new HashMap<>(source.attributes());
        attributes.put(SourceMetadata.PROFILE, profileId);
        return new SourceMetadata(source.transport(), source.rssiDbm(), source.snrDb(), attributes);
    }

    private Route number(String sensorId, Optional<CoapDeviceOptions> device, Optional<DeviceProfile> profile,
            byte[] payload, SilenceWatch.Stamp stamp, SourceMetadata source) {
        Optional<ChannelSpec> fromProfile = profile.flatMap(p -> p.channels().stream().findFirst());
        String channel = fromProfile.map(ChannelSpec::name).orElse(device.map(CoapDeviceOptions::channel).orElse(""));
        String unit = fromProfile.map(ChannelSpec::unit).orElse(device.map(CoapDeviceOptions::unit).orElse(""));
        if (channel.isEmpty()) {
            return new Refuse(true, "text/plain from " + sensorId + " needs a channel: configure a CoAP device for it"
                    + " with a channel or a device profile" + (devices.hasProfiles() ? "" : " (no profile registry)"));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString().trim();
        } catch (CharacterCodingException e) {
            return new Refuse(false, "text/plain body is not UTF-8");
        }
        if (text.length() > MAX_NUMBER_CHARS || !NUMBER.matcher(text).matches()) {
            return new Refuse(false, "text/plain body must be one decimal number, was '"
                    + (text.length() > 20 ? text.substring(0, 20) + "..." : text) + "'");
        }
        double value = Double.parseDouble(text);
        if (!Double.isFinite(value)) {
            return new Refuse(false, "text/plain number out of range: " + text);
        }
        String id = stamp.receiptId() == null ? ReadingIds.of(sensorId, channel, unit, stamp.at())
                : ReadingIds.ofReceipt(sensorId, channel, unit, stamp.at(), stamp.receiptId());
        Reading reading = new Reading(id, sensorId, channel, ReadingValue.of(value), unit, stamp.at(),
                stamp.quality(), Priority.TELEMETRY, source);
        return new Submit(() -> sink.submit(List.of(reading)));
    }

    private Route octets(String sensorId, Optional<CoapDeviceOptions> device, Optional<DeviceProfile> profile,
            byte[] payload, SilenceWatch.Stamp stamp, SourceMetadata source) {
        if (profile.isEmpty()) {
            String why = !devices.hasProfiles() ? "no device-profile registry is installed"
                    : device.flatMap(CoapDeviceOptions::profile).map(id -> "its profile '" + id + "' is unknown")
                            .orElse("no device profile is configured for it");
            return new Refuse(true, "octet-stream from " + sensorId + " needs a codec: " + why);
        }
        String codecId = profile.get().codecId();
        if (!devices.hasCodec(codecId)) {
            return new Refuse(true, "octet-stream from " + sensorId + " needs codec '" + codecId + "' of profile '"
                    + profile.get().id() + "', which is not installed");
        }
        return submitRaw(sensorId, codecId, payload, stamp, source);
    }

    private Route submitRaw(String sensorId, String codecId, byte[] payload, SilenceWatch.Stamp stamp,
            SourceMetadata source) {
        RawObservation observation = new RawObservation(sensorId, codecId, payload, stamp.at(), stamp.quality(),
                Priority.TELEMETRY, withReceipt(source, stamp));
        return new Submit(() -> sink.submit(observation));
    }
}
