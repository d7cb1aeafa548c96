package io.cityhub.traffic.definition;

import java.util.Locale;

/** What kind of road user a signal group serves; decides its aspects and which timing rules apply to it. */
public enum GroupKind {
    /** Motor vehicles: red, amber, green; amber at least 3.0 s. */
    VEHICLE,
    /** Cyclists: red, amber, green; amber at least 3.0 s. */
    CYCLIST,
    /** Pedestrians: red, green, flashing green; no amber, dark in flashing-amber operation. */
    PEDESTRIAN,
    /** Trams and buses: red, amber, green; amber at least 3.0 s. */
    PUBLIC_TRANSPORT;

    /** @return true for pedestrian heads, which have no amber lamp */
    public boolean isPedestrian() {
        return this == PEDESTRIAN;
    }

    /** @return the name used in definition files, e.g. {@code public-transport} */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static GroupKind fromYaml(String value) {
        for (GroupKind kind : values()) {
            if (kind.yamlName().equals(value)) {
                return kind;
            }
        }
        return null;
    }
}
