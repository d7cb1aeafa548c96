package io.cityhub.profiles.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Validated configuration of {@link FileDeviceProfileRegistry}.
 *
 * @param directory the technician's profile directory, empty for built-ins only
 * @param sensorProfiles profile id by sensor id
 */
record DeviceProfileRegistryOptions(Optional<Path> directory, Map<String, String> sensorProfiles) {

    DeviceProfileRegistryOptions {
        sensorProfiles = Map.copyOf(sensorProfiles);
    }

    /** @throws IllegalArgumentException naming PID, attribute and value */
    static DeviceProfileRegistryOptions from(DeviceProfileRegistryConfig config) {
        return from(config.profiles_directory(), config.sensor_profiles());
    }

    /** @throws IllegalArgumentException naming PID, attribute and value */
    static DeviceProfileRegistryOptions from(String directory, String[] sensorProfiles) {
        Optional<Path> path = Optional.empty();
        String dir = directory == null ? "" : directory.trim();
        if (!dir.isEmpty()) {
            Path p = Path.of(dir);
            if (!p.isAbsolute()) {
                throw invalid("profiles.directory", directory, "an absolute path or empty");
            }
            path = Optional.of(p);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (String entry : sensorProfiles == null ? new String[0] : sensorProfiles) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String sensor = eq < 0 ? "" : entry.substring(0, eq).trim();
            String profile = eq < 0 ? "" : entry.substring(eq + 1).trim();
            if (sensor.isEmpty() || profile.isEmpty()) {
                throw invalid("sensor.profiles", entry, "sensorId=profileId");
            }
            if (map.put(sensor, profile) != null) {
                throw invalid("sensor.profiles", entry, "each sensor once (" + sensor + " is given twice)");
            }
        }
        return new DeviceProfileRegistryOptions(path, map);
    }

    private static IllegalArgumentException invalid(String attribute, String value, String expected) {
        return new IllegalArgumentException(FileDeviceProfileRegistry.PID + ": attribute '" + attribute
                + "' has invalid value '" + value + "'; expected " + expected);
    }
}
