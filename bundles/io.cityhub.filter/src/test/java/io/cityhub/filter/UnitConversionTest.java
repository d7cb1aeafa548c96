package io.cityhub.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class UnitConversionTest {

    private static double convert(double value, String from, String to) {
        return UnitConversion.between(from, to).orElseThrow().apply(value);
    }

    @Test
    void sameUnitIsTheIdentity() {
        assertThat(convert(21.5, "Cel", "Cel")).isEqualTo(21.5);
        assertThat(convert(3, "", "")).isEqualTo(3);
    }

    @Test
    void convertsTemperatures() {
        assertThat(convert(273.15, "K", "Cel")).isCloseTo(0, within(1e-9));
        assertThat(convert(212, "degF", "Cel")).isCloseTo(100, within(1e-9));
        assertThat(convert(-40, "degF", "Cel")).isCloseTo(-40, within(1e-9));
        assertThat(convert(0, "Cel", "K")).isCloseTo(273.15, within(1e-9));
        assertThat(convert(100, "Cel", "degF")).isCloseTo(212, within(1e-9));
    }

    @Test
    void convertsBetweenTwoNonCanonicalUnitsOfOneQuantity() {
        assertThat(convert(1013.25, "hPa", "kPa")).isCloseTo(101.325, within(1e-9));
        assertThat(convert(36, "km/h", "m/s")).isCloseTo(10, within(1e-9));
        assertThat(convert(1, "mS/cm", "uS/cm")).isCloseTo(1000, within(1e-9));
        assertThat(convert(55, "%", "/")).isCloseTo(0.55, within(1e-12));
    }

    @Test
    void unrelatedOrUnknownUnitsHaveNoConversion() {
        assertThat(UnitConversion.between("Cel", "Pa")).isEmpty();
        assertThat(UnitConversion.between("furlong", "m")).isEmpty();
        assertThat(UnitConversion.between("%RH", "/")).isEmpty();
        assertThat(UnitConversion.between("", "Cel")).isEmpty();
    }

    @Test
    void nonFiniteValuesCarryOver() {
        UnitConversion kelvin = UnitConversion.between("K", "Cel").orElseThrow();
        assertThat(kelvin.apply(Double.NaN)).isNaN();
        assertThat(kelvin.apply(Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(kelvin.apply(Double.NEGATIVE_INFINITY)).isEqualTo(Double.NEGATIVE_INFINITY);
    }
}
