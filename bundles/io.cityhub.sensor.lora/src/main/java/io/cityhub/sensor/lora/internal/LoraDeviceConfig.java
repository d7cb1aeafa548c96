package io.cityhub.sensor.lora.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** One LoRaWAN device (Kura web UI: "+" on "cityhub LoRaWAN device"). */
@ObjectClassDefinition(id = LoraDevice.PID, name = "cityhub LoRaWAN device",
        description = "A LoRaWAN 1.0.x end device the gateway terminates: OTAA (DevEUI, JoinEUI, AppKey) or ABP"
                + " (DevAddr, NwkSKey, AppSKey). Keys are stored encrypted and never logged. Takes effect after a"
                + " restart of the component (saving restarts it).")
@interface LoraDeviceConfig {

    @AttributeDefinition(name = "DevEUI", description = "16 hex digits, as consoles show it (most significant first).")
    String dev_eui();

    @AttributeDefinition(name = "Activation", description = "OTAA joins over the air; ABP uses fixed session keys.",
            options = {@Option(label = "OTAA", value = "OTAA"), @Option(label = "ABP", value = "ABP")})
    String activation() default "OTAA";

    @AttributeDefinition(name = "JoinEUI", required = false,
            description = "OTAA only: the AppEUI/JoinEUI, 16 hex digits; empty accepts any.")
    String join_eui() default "";

    @AttributeDefinition(name = "AppKey", type = AttributeType.PASSWORD, required = false,
            description = "OTAA only: the root key, 32 hex digits.")
    String app_key() default "";

    @AttributeDefinition(name = "DevAddr", required = false, description = "ABP only: 8 hex digits.")
    String dev_addr() default "";

    @AttributeDefinition(name = "NwkSKey", type = AttributeType.PASSWORD, required = false,
            description = "ABP only: network session key, 32 hex digits.")
    String nwk_s_key() default "";

    @AttributeDefinition(name = "AppSKey", type = AttributeType.PASSWORD, required = false,
            description = "ABP only: application session key, 32 hex digits.")
    String app_s_key() default "";

    @AttributeDefinition(name = "Device profile", required = false,
            description = "Device-profile id whose codec decodes the payload (ingest decodes it, with the FPort); a"
                    + " payload that does not decode is counted and logged. Empty, or a profile the registry does not"
                    + " know: the payload becomes one reading 'payload' holding its bytes as hex text.")
    String profile_id() default "";

    @AttributeDefinition(name = "Sensor id", required = false,
            description = "Sensor id of the readings; empty: the DevEUI in lower-case hex.")
    String sensor_id() default "";

    @AttributeDefinition(name = "Accept ABP counter reset", required = false,
            description = "ABP only: accept a frame whose counter restarted from 0 (devices that lose their counter"
                    + " on power loss). Weakens replay protection: an old frame with a valid MIC is then accepted.")
    boolean abp_counter_reset() default false;
}
