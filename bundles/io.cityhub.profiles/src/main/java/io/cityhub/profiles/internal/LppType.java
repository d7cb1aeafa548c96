package io.cityhub.profiles.internal;

import java.util.List;

/**
 * The Cayenne LPP types: id, parts (size, signedness, divisor), SenML unit. Original types from the myDevices
 * CayenneLPP reference; extended types (100, 116-135, 142) with the sizes and signedness ChirpStack decodes.
 * Values are {@code raw / divisor}, a division so results equal the reference decoders' to the last bit.
 */
enum LppType {
    DIGITAL_INPUT(0, "digital_input", part(1, false, 1, "")),
    DIGITAL_OUTPUT(1, "digital_output", part(1, false, 1, "")),
    ANALOG_INPUT(2, "analog_input", part(2, true, 100, "")),
    ANALOG_OUTPUT(3, "analog_output", part(2, true, 100, "")),
    GENERIC(100, "generic", part(4, false, 1, "")),
    ILLUMINANCE(101, "illuminance", part(2, false, 1, "lx")),
    PRESENCE(102, "presence", part(1, false, 1, "")),
    TEMPERATURE(103, "temperature", part(2, true, 10, "Cel")),
    HUMIDITY(104, "humidity", part(1, false, 2, "%RH")),
    ACCELEROMETER(113, "accelerometer", axes(2, true, 1000, "gravity", "x", "y", "z")),
    BAROMETER(115, "barometer", part(2, false, 10, "hPa")),
    VOLTAGE(116, "voltage", part(2, false, 100, "V")),
    CURRENT(117, "current", part(2, false, 1000, "A")),
    FREQUENCY(118, "frequency", part(4, false, 1, "Hz")),
    PERCENTAGE(120, "percentage", part(1, false, 1, "%")),
    ALTITUDE(121, "altitude", part(2, true, 1, "m")),
    CONCENTRATION(125, "concentration", part(2, false, 1, "ppm")),
    POWER(128, "power", part(2, false, 1, "W")),
    DISTANCE(130, "distance", part(4, false, 1000, "m")),
    ENERGY(131, "energy", part(4, false, 1000, "kWh")),
    DIRECTION(132, "direction", part(2, false, 1, "deg")),
    UNIX_TIME(133, "unix_time", part(4, false, 1, "s")),
    GYROMETER(134, "gyrometer", axes(2, true, 100, "dps", "x", "y", "z")),
    COLOUR(135, "colour", axes(1, false, 1, "", "r", "g", "b")),
    GPS(136, "gps", new Part(3, true, 10000, "lat", "latitude"), new Part(3, true, 10000, "lon", "longitude"),
            new Part(3, true, 100, "m", "altitude")),
    SWITCH(142, "switch", part(1, false, 1, ""));

    /**
     * One number of a type's value.
     *
     * @param size bytes
     * @param signed two's complement or not
     * @param divisor the raw value is divided by it
     * @param unit SenML unit symbol (RFC 8428 §12.1, RFC 8798)
     * @param suffix appended to the channel name for multi-value types, empty otherwise
     */
    record Part(int size, boolean signed, double divisor, String unit, String suffix) {
    }

    private static final LppType[] BY_ID = new LppType[256];

    static {
        for (LppType type : values()) {
            BY_ID[type.id] = type;
        }
    }

    private final int id;
    private final String label;
    private final List<Part> parts;
    private final int size;

    LppType(int id, String label, Part... parts) {
        this.id = id;
        this.label = label;
        this.parts = List.of(parts);
        this.size = this.parts.stream().mapToInt(Part::size).sum();
    }

    private static Part part(int size, boolean signed, double divisor, String unit) {
        return new Part(size, signed, divisor, unit, "");
    }

    private static Part[] axes(int size, boolean signed, double divisor, String unit, String... suffixes) {
        Part[] parts = new Part[suffixes.length];
        for (int i = 0; i < suffixes.length; i++) {
            parts[i] = new Part(size, signed, divisor, unit, suffixes[i]);
        }
        return parts;
    }

    /** @return the type with this id, or null if there is none */
    static LppType of(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    int id() {
        return id;
    }

    String label() {
        return label;
    }

    List<Part> parts() {
        return parts;
    }

    /** @return total value size in bytes */
    int size() {
        return size;
    }
}
