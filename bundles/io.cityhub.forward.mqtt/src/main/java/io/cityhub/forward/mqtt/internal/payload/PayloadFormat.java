package io.cityhub.forward.mqtt.internal.payload;

import java.util.Locale;

/** Telemetry payload formats, by configuration value. */
public enum PayloadFormat {
    /** SenML JSON, RFC 8428 §5, media type application/senml+json. */
    SENML_JSON("senml-json"),
    /** SenML CBOR, RFC 8428 §6 (integer labels), media type application/senml+cbor. */
    SENML_CBOR("senml-cbor"),
    /** Eclipse Kura's KuraPayload protobuf (kurapayload.proto), as used by Kura/Kapua platforms. */
    KURA_PROTOBUF("kura-protobuf");

    private final String configValue;

    PayloadFormat(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    /** @return the format named {@code value}, or null if none is */
    public static PayloadFormat fromConfig(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (PayloadFormat format : values()) {
            if (format.configValue.equals(wanted)) {
                return format;
            }
        }
        return null;
    }
}
