package io.cityhub.profiles.internal;

import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.ingest.RawObservation;
import io.cityhub.api.profile.ChannelSpec;
import io.cityhub.api.profile.DecodeException;
import io.cityhub.api.profile.DeviceProfile;
import io.cityhub.api.profile.PayloadCodec;
import io.cityhub.profiles.internal.layout.DecodedValue;
import io.cityhub.profiles.internal.layout.Layout;
import io.cityhub.profiles.internal.layout.LayoutDecoder;
import io.cityhub.profiles.internal.layout.LayoutMismatchException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The codec of a profile with a declarative layout; its id is the profile id. The FPort comes from the
 * observation's source attribute {@value #FPORT} (set by the LoRa source). Stateless and thread-safe.
 */
public final class DeclarativeCodec implements PayloadCodec {

    /** Source attribute holding the LoRaWAN FPort. */
    public static final String FPORT = "fPort";

    private final String id;
    private final LayoutDecoder decoder;
    private final Map<String, String> units = new HashMap<>();

    /**
     * @param profile the profile, not null
     * @param layout its layout, not null
     */
    public DeclarativeCodec(DeviceProfile profile, Layout layout) {
        this.id = profile.id();
        this.decoder = new LayoutDecoder(layout);
        for (ChannelSpec channel : profile.channels()) {
            units.put(channel.name(), channel.unit());
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<Reading> decode(RawObservation observation) throws DecodeException {
        String sensor = observation.sensorId();
        if (sensor == null || sensor.isBlank()) {
            throw new DecodeException(id, "the observation names no sensor");
        }
        String fportText = observation.source().attributes().get(FPORT);
        Integer fport;
        try {
            fport = fportText == null ? null : Integer.valueOf(fportText);
        } catch (NumberFormatException e) {
            throw new DecodeException(id, "device '" + sensor + "': FPort '" + fportText + "' is not a number");
        }
        List<DecodedValue> values;
        try {
            values = decoder.decode(observation.payload(), fport);
        } catch (LayoutMismatchException e) {
            throw new DecodeException(id, "device '" + sensor + "', FPort " + (fport == null ? "none" : fport)
                    + ": " + e.getMessage());
        }
        List<Reading> readings = new ArrayList<>(values.size());
        for (DecodedValue value : values) {
            if (value.bool() == null && value.text() == null && !Double.isFinite(value.number())) {
                throw new DecodeException(id, "device '" + sensor + "', FPort " + (fport == null ? "none" : fport)
                        + ": channel '" + value.channel() + "' scales to a non-finite number");
            }
            ReadingValue reading = value.text() != null ? ReadingValue.of(value.text())
                    : value.bool() != null ? ReadingValue.of(value.bool().booleanValue())
                    : ReadingValue.of(value.number());
            readings.add(CodecReadings.of(observation, value.channel(), reading, units.get(value.channel())));
        }
        return readings;
    }
}
