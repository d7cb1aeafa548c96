package io.cityhub.profiles.senml;

/** The examples of RFC 8428 the SenML tests of this bundle share (test only). */
public final class Rfc8428Examples {

    /** RFC 8428 §5.1.2, second example, "Multiple Datapoints" (also the source of the §6 CBOR example). */
    public static final String MULTIPLE_DATAPOINTS_JSON = """
            [
              {"bn":"urn:dev:ow:10e2073a0108006:","bt":1.276020076001e+09,
               "bu":"A","bver":5,
               "n":"voltage","u":"V","v":120.1},
              {"n":"current","t":-5,"v":1.2},
              {"n":"current","t":-4,"v":1.3},
              {"n":"current","t":-3,"v":1.4},
              {"n":"current","t":-2,"v":1.5},
              {"n":"current","t":-1,"v":1.6},
              {"n":"current","v":1.7}
            ]""";

    /**
     * RFC 8428 §6: the CBOR representation of {@link #MULTIPLE_DATAPOINTS_JSON}, byte for byte as the RFC prints it
     * (1.5 as a half-precision float, the last record's time 0 spelt out).
     */
    public static final String MULTIPLE_DATAPOINTS_CBOR_HEX =
            "87a721781b75726e3a6465763a6f773a3130653230373361303130383030363a"
                    + "22fb41d303a15b00106223614120050067766f6c7461676501615602fb405e066666666666"
                    + "a3006763757272656e74062402fb3ff3333333333333"
                    + "a3006763757272656e74062302fb3ff4cccccccccccd"
                    + "a3006763757272656e74062202fb3ff6666666666666"
                    + "a3006763757272656e74062102f93e00"
                    + "a3006763757272656e74062002fb3ff999999999999a"
                    + "a3006763757272656e74060002fb3ffb333333333333";

    private Rfc8428Examples() {
    }
}
