package io.cityhub.profiles.internal;

import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.ingest.RawObservation;
import io.cityhub.api.profile.CodecIds;
import io.cityhub.api.profile.DecodeException;
import io.cityhub.api.profile.PayloadCodec;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * Cayenne Low Power Payload: repeated {@code [channel:1][type:1][value]}, values big-endian, type = IPSO object id
 * − 3200. All types of the myDevices table and the extended types as ChirpStack decodes them ({@link LppType}).
 * A reading's channel is {@code <type>_<lpp channel>} (as The Things Stack names them, e.g. {@code temperature_3}),
 * with {@code _x}/{@code _y}/{@code _z}, {@code _r}/{@code _g}/{@code _b} or {@code _latitude}/{@code _longitude}/
 * {@code _altitude} for the parts of multi-value types. Stateless and thread-safe.
 */
@Component(service = PayloadCodec.class, property = PayloadCodec.CODEC_ID + "=" + CayenneLppCodec.ID)
public final class CayenneLppCodec implements PayloadCodec {

    /** The codec id. */
    public static final String ID = CodecIds.CAYENNE_LPP;

    /** Creates the codec; it has no configuration. */
    public CayenneLppCodec() {
        // DS and tests construct it the same way
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Reading> decode(RawObservation observation) throws DecodeException {
        String sensor = observation.sensorId();
        if (sensor == null || sensor.isBlank()) {
            throw new DecodeException(ID, "the observation names no sensor");
        }
        byte[] bytes = observation.payload();
        if (bytes.length == 0) {
            throw new DecodeException(ID, where(observation) + "empty payload");
        }
        List<Reading> readings = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            if (at + 2 > bytes.length) {
                throw new DecodeException(ID, where(observation) + "truncated channel/type header at byte offset "
                        + at);
            }
            int channel = bytes[at] & 0xFF;
            int typeId = bytes[at + 1] & 0xFF;
            LppType type = LppType.of(typeId);
            if (type == null) {
                throw new DecodeException(ID, where(observation) + "unknown type " + typeId + " at byte offset "
                        + (at + 1) + " (field 'type')");
            }
            int start = at + 2;
            if (start + type.size() > bytes.length) {
                throw new DecodeException(ID, where(observation) + "payload ends at byte offset " + bytes.length
                        + " inside a " + type.label() + " value starting at byte offset " + start + " (field '"
                        + type.label() + "_" + channel + "', needs " + type.size() + " bytes)");
            }
            int partAt = start;
            for (LppType.Part part : type.parts()) {
                long raw = 0;
                for (int i = 0; i < part.size(); i++) {
                    raw = raw << 8 | (bytes[partAt + i] & 0xFF);
                }
                if (part.signed()) {
                    int shift = 64 - part.size() * 8;
                    raw = raw << shift >> shift;
                }
                partAt += part.size();
                String name = type.label() + "_" + channel + (part.suffix().isEmpty() ? "" : "_" + part.suffix());
                double value = part.divisor() == 1 ? raw : raw / part.divisor();
                readings.add(CodecReadings.of(observation, name, ReadingValue.of(value), part.unit()));
            }
            at = start + type.size();
        }
        return readings;
    }

    private static String where(RawObservation observation) {
        String fport = observation.source().attributes().get("fPort");
        return "device '" + observation.sensorId() + "'" + (fport == null ? "" : ", FPort " + fport) + ": ";
    }
}
