package io.cityhub.forward.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.crypto.CryptoService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MqttForwarderOptionsTest {

    /** Pretends to be Kura: "encrypted" = reversed text prefixed with "enc:". */
    static final CryptoService FAKE_KURA_CRYPTO = new CryptoService() {
        @Override
        public char[] decryptAes(char[] encrypted) throws KuraException {
            String text = new String(encrypted);
            if (!text.startsWith("enc:")) {
                throw new KuraException(KuraErrorCode.INTERNAL_ERROR, "bad padding");
            }
            return new StringBuilder(text.substring(4)).reverse().toString().toCharArray();
        }

        @Override
        public char[] encryptAes(char[] value) {
            return ("enc:" + new StringBuilder(new String(value)).reverse()).toCharArray();
        }
    };

    static final CryptoService IDENTITY = new CryptoService() {
        @Override
        public char[] decryptAes(char[] encrypted) {
            return encrypted.clone();
        }

        @Override
        public char[] encryptAes(char[] value) {
            return value.clone();
        }
    };

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "gateway.id|a/b", "gateway.id|''", "broker.uris|http://x:1", "broker.uris|''", "broker.uris|tcp://",
        "topic.prefix|a/#", "topic.prefix|/x", "payload.format|xml", "batch.size|0", "message.max.bytes|10",
        "inflight.window|0", "rate.messages.per.second|-1", "rate.bytes.per.second|-5", "status.interval.seconds|0",
        "reconnect.max.millis|5", "replay.page.size|0", "tls.client.cert.path|/x/client.pem",
        "puback.timeout.seconds|0", "puback.timeout.seconds|4", "puback.timeout.seconds|3601"})
    void rejectsInvalidValuesNamingPidAttributeAndValue(String attribute, String value) {
        Map<String, Object> props = new HashMap<>();
        props.put(attribute, value);
        MqttForwarderConfig config = config(props);

        String expectedAttribute = attribute.equals("tls.client.cert.path") ? "tls.client.key.path" : attribute;
        assertThatThrownBy(() -> MqttForwarderOptions.from(config, IDENTITY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(MqttForwarder.PID)
                .hasMessageContaining("'" + expectedAttribute + "'");
    }

    @Test
    void decryptsPasswordsWithTheCryptoService() {
        Map<String, Object> props = new HashMap<>();
        props.put("password", "enc:terces");
        props.put("username", "gw");
        MqttForwarderOptions options = MqttForwarderOptions.from(config(props), FAKE_KURA_CRYPTO);
        assertThat(new String(options.password())).isEqualTo("secret");
        assertThat(options.username()).isEqualTo("gw");
    }

    @Test
    void undecryptablePasswordFailsActivationWithoutRevealingIt() {
        Map<String, Object> props = Map.of("password", "plain-secret");
        assertThatThrownBy(() -> MqttForwarderOptions.from(config(props), FAKE_KURA_CRYPTO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(MqttForwarder.PID).hasMessageContaining("'password'")
                .hasMessageNotContaining("plain-secret");
    }

    @Test
    void defaultsAreValid() {
        MqttForwarderOptions options = MqttForwarderOptions.from(config(Map.of()), IDENTITY);
        assertThat(options.gatewayId()).isEqualTo("cityhub-gw");
        assertThat(options.topicPrefix()).isEqualTo("cityhub");
        assertThat(options.format()).isEqualTo(PayloadFormat.SENML_JSON);
        assertThat(options.brokerUris()).containsExactly("tcp://127.0.0.1:1883");
        assertThat(options.password()).isEmpty();
        assertThat(options.tls().hostnameVerification()).isTrue();
        assertThat(options.pubackTimeoutSeconds()).isEqualTo(60);
    }

    /**
     * A config annotation instance as DS would build it: property names by the {@code _} to {@code .} mapping,
     * defaults from the annotation.
     */
    static MqttForwarderConfig config(Map<String, Object> properties) {
        return (MqttForwarderConfig) Proxy.newProxyInstance(MqttForwarderConfig.class.getClassLoader(),
                new Class<?>[] {MqttForwarderConfig.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class || method.getDeclaringClass() == Annotation.class) {
                        return switch (method.getName()) {
                            case "annotationType" -> MqttForwarderConfig.class;
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "MqttForwarderConfig" + properties;
                        };
                    }
                    String key = method.getName().replace('_', '.');
                    Object value = properties.get(key);
                    if (value == null) {
                        return method.getDefaultValue();
                    }
                    Class<?> type = method.getReturnType();
                    String text = value.toString();
                    if (type == int.class) {
                        return Integer.parseInt(text);
                    } else if (type == long.class) {
                        return Long.parseLong(text);
                    } else if (type == double.class) {
                        return Double.parseDouble(text);
                    } else if (type == boolean.class) {
                        return Boolean.parseBoolean(text);
                    }
                    return text;
                });
    }
}
