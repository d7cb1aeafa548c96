package io.cityhub.sensor.lora.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.crypto.CryptoService;
import org.junit.jupiter.api.Test;

/** Configuration of the gateway and of devices: the agreed error shape, and keys that never show. */
class LoraOptionsTest {

    static final String NWK = "44024241ed4ce9a68c6a8bc055233fd3";
    static final String APP = "ec925802ae430ca77fd3dd73cb2cc588";

    /** A CryptoService whose ciphertext is the plain text: for tests about the keys' values, not their decryption. */
    static final CryptoService PLAIN = new CryptoService() {
        @Override
        public char[] decryptAes(char[] encryptedValue) {
            return encryptedValue;
        }

        @Override
        public char[] encryptAes(char[] value) {
            return value;
        }
    };

    /**
     * Kura's CryptoService as a component meets it inside Kura: Password attributes arrive encrypted (here: reversed
     * behind a prefix), and only what {@code decryptAes} returns is the key.
     */
    static final CryptoService KURA_LIKE = new CryptoService() {
        private static final String PREFIX = "enc:";

        @Override
        public char[] decryptAes(char[] encryptedValue) throws KuraException {
            String value = new String(encryptedValue);
            if (!value.startsWith(PREFIX)) {
                throw new KuraException(KuraErrorCode.INVALID_PARAMETER);
            }
            return new StringBuilder(value.substring(PREFIX.length())).reverse().toString().toCharArray();
        }

        @Override
        public char[] encryptAes(char[] value) {
            return (PREFIX + new StringBuilder(new String(value)).reverse()).toCharArray();
        }
    };

    private static String encrypted(String plain) throws KuraException {
        return new String(KURA_LIKE.encryptAes(plain.toCharArray()));
    }

    @Test
    void keysArriveEncryptedInsideKuraAndAreDecryptedThroughCryptoService() throws KuraException {
        LoraDeviceOptions abp = LoraDeviceOptions.from(device("0102030405060708", "ABP", "49be7df1", encrypted(NWK),
                encrypted(APP)), KURA_LIKE);

        assertThat(abp.nwkSKey()).isEqualTo(io.cityhub.sensor.lora.lorawan.Bytes.fromHex(NWK));
        assertThat(abp.appSKey()).isEqualTo(io.cityhub.sensor.lora.lorawan.Bytes.fromHex(APP));

        String appKey = encrypted(NWK);
        LoraDeviceConfig otaaConfig = device("0102030405060708", "OTAA", "", "", "");
        LoraDeviceConfig withAppKey = (LoraDeviceConfig) java.lang.reflect.Proxy.newProxyInstance(
                LoraDeviceConfig.class.getClassLoader(), new Class<?>[] {LoraDeviceConfig.class},
                (proxy, method, args) -> method.getName().equals("app_key") ? appKey : method.invoke(otaaConfig, args));
        LoraDeviceOptions otaa = LoraDeviceOptions.from(withAppKey, KURA_LIKE);

        assertThat(otaa.appKey()).isEqualTo(io.cityhub.sensor.lora.lorawan.Bytes.fromHex(NWK));
    }

    @Test
    void aKeyInsideKuraThatWasNotEncryptedIsRefusedNotUsedAsIs() {
        assertThatThrownBy(() -> LoraDeviceOptions.from(device("0102030405060708", "ABP", "49be7df1", NWK, APP),
                KURA_LIKE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'nwk.s.key' cannot be decrypted")
                .hasMessageNotContaining(NWK);
    }

    @Test
    void abpDeviceTakesDecryptedKeysAndNeverShowsThem() {
        LoraDeviceOptions options = LoraDeviceOptions.from(device("0102030405060708", "ABP", "49be7df1", NWK, APP),
                PLAIN);

        assertThat(options.devAddr()).isEqualTo(0x49be7df1);
        assertThat(options.sensorId()).isEqualTo("0102030405060708");
        assertThat(options.toString()).doesNotContain(NWK).doesNotContain(APP).contains("49be7df1");
    }

    @Test
    void badKeyIsRefusedWithoutRepeatingIt() {
        String secret = "0123456789abcdef0123456789abcdeX";
        assertThatThrownBy(() -> LoraDeviceOptions.from(device("0102030405060708", "ABP", "49be7df1", secret, APP),
                PLAIN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(LoraDevice.PID + ": attribute 'nwk.s.key' has invalid value '")
                .hasMessageContaining("; expected 32 hex digits").hasMessageNotContaining(secret);
    }

    @Test
    void keyThatCryptoServiceCannotDecryptNamesTheAttribute() {
        CryptoService broken = new CryptoService() {
            @Override
            public char[] decryptAes(char[] encryptedValue) throws KuraException {
                throw new KuraException(KuraErrorCode.INTERNAL_ERROR);
            }

            @Override
            public char[] encryptAes(char[] value) {
                return value;
            }
        };
        assertThatThrownBy(() -> LoraDeviceOptions.from(device("0102030405060708", "OTAA", "", "", ""), broken))
                .hasMessageContaining("'app.key' cannot be decrypted");
    }

    @Test
    void badDevEuiActivationAndDevAddrUseTheAgreedMessageShape() {
        assertThatThrownBy(() -> LoraDeviceOptions.from(device("12", "ABP", "49be7df1", NWK, APP), PLAIN))
                .hasMessage(LoraDevice.PID + ": attribute 'dev.eui' has invalid value '12'; expected 16 hex digits");
        assertThatThrownBy(() -> LoraDeviceOptions.from(device("0102030405060708", "P2P", "", NWK, APP), PLAIN))
                .hasMessage(LoraDevice.PID + ": attribute 'activation' has invalid value 'P2P'; expected OTAA or ABP");
        assertThatThrownBy(() -> LoraDeviceOptions.from(device("0102030405060708", "ABP", "xyz", NWK, APP), PLAIN))
                .hasMessage(LoraDevice.PID + ": attribute 'dev.addr' has invalid value 'xyz'; expected 8 hex digits"
                        + " for an ABP device");
    }

    @Test
    void gatewayOptionsRefuseOutOfRangeValuesAtTheMetatypeLimits() {
        assertThatThrownBy(() -> LoraGatewayOptions.from(gateway("localhost", 1700, "", 869_525_000, 500)))
                .hasMessage(LoraGateway.PID + ": attribute 'bind.address' has invalid value 'localhost'; expected a"
                        + " literal IPv4 or IPv6 address");
        assertThatThrownBy(() -> LoraGatewayOptions.from(
                        gateway("127.0.0.1", LoraGatewayOptions.MAX_PORT + 1, "", 869_525_000, 500)))
                .hasMessageContaining("'port' has invalid value '65536'; expected between 0 and 65535");
        assertThatThrownBy(() -> LoraGatewayOptions.from(gateway("127.0.0.1", 1700, "aa55,00", 869_525_000, 500)))
                .hasMessageContaining("'gateway.euis' has invalid value 'aa55,00'");
        assertThatThrownBy(() -> LoraGatewayOptions.from(gateway("127.0.0.1", 1700, "", 915_000_000, 500)))
                .hasMessageContaining("'rx2.frequency.hz'");
        assertThatThrownBy(() -> LoraGatewayOptions.from(gateway("127.0.0.1", 1700, "", 869_525_000,
                LoraGatewayOptions.MAX_DEDUP_MS + 1))).hasMessageContaining("'dedup.window.ms'");

        LoraGatewayOptions ok = LoraGatewayOptions.from(gateway("127.0.0.1", 1700,
                "aa555a0000000000, 0102030405060708", LoraGatewayOptions.MAX_FREQUENCY_HZ, 0));
        assertThat(ok.allowedGateways()).containsExactlyInAnyOrder(0xaa555a0000000000L, 0x0102030405060708L);
        assertThat(ok.rx2DataRateName()).isEqualTo("SF12BW125");
    }

    static LoraDeviceConfig device(String devEui, String activation, String devAddr, String nwk, String app) {
        return new LoraDeviceConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LoraDeviceConfig.class;
            }

            @Override
            public String dev_eui() {
                return devEui;
            }

            @Override
            public String activation() {
                return activation;
            }

            @Override
            public String join_eui() {
                return "";
            }

            @Override
            public String app_key() {
                return "x";
            }

            @Override
            public String dev_addr() {
                return devAddr;
            }

            @Override
            public String nwk_s_key() {
                return nwk;
            }

            @Override
            public String app_s_key() {
                return app;
            }

            @Override
            public String profile_id() {
                return "";
            }

            @Override
            public String sensor_id() {
                return "";
            }

            @Override
            public boolean abp_counter_reset() {
                return false;
            }
        };
    }

    static LoraGatewayConfig gateway(String bind, int port, String euis, int rx2, int dedup) {
        return new LoraGatewayConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LoraGatewayConfig.class;
            }

            @Override
            public String bind_address() {
                return bind;
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public String gateway_euis() {
                return euis;
            }

            @Override
            public String net_id() {
                return "000013";
            }

            @Override
            public int rx2_frequency_hz() {
                return rx2;
            }

            @Override
            public int rx2_data_rate() {
                return 0;
            }

            @Override
            public int tx_power_dbm() {
                return 14;
            }

            @Override
            public int dedup_window_ms() {
                return dedup;
            }

            @Override
            public int downlink_lead_ms() {
                return 300;
            }

            @Override
            public String session_directory() {
                return "lora/sessions";
            }
        };
    }
}
