package io.cityhub.profiles.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Device profiles (Kura web UI: "cityhub device profiles"). Both attributes may be empty. */
@ObjectClassDefinition(id = FileDeviceProfileRegistry.PID, name = "cityhub device profiles",
        description = "The device models this gateway can decode: the built-in profiles plus the YAML files of a"
                + " directory, and which sensor is which model. A broken file is logged at ERROR and left out.")
@interface DeviceProfileRegistryConfig {

    /** Shown with every attribute. */
    String LIVE = " Applies at once, without a restart.";

    @AttributeDefinition(name = "Profile directory", required = false,
            description = "Absolute path of a directory of <id>.yaml profiles (device-profiles/README.md); a file"
                    + " replaces the built-in profile of the same id. Empty: built-in profiles only." + LIVE)
    String profiles_directory() default "";

    @AttributeDefinition(name = "Sensor profiles", required = false,
            description = "One entry per sensor: sensorId=profileId, e.g. 0004a30b001c0530=dragino-lht65." + LIVE)
    String[] sensor_profiles() default {};
}
