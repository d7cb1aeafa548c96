package io.cityhub.forward.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cityhub.forward.mqtt.internal.payload.PayloadFormat;
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
        "puback.timeout.seconds|0", "puback.timeout.seconds|4", "puback.timeout.seconds|3601", "spat.topic|''",
        "spat.topic|spat/#", "spat.topic|a/+/b", "spat.topic|/spat", "spat.topic|spat/", "spat.topic|a//b",
        "spat.topic|road side", "spat.topic|req", "spat.topic|telemetry/spat", "spat.topic|events", "spat.topic|res/x",
        "spat.topic|status", "spat.topic|health"})
    void rejectsInvalidValuesNamingPidAttributeAndValue(String attribute, String value) {
        Map<String, Object> props = new HashMap<>();
        props.put(attribute, value);
        MqttForwarderConfig config = config(props);

        String expectedAttribute = attribute.equals("tls.client.cert.path") ? "tls.client.key.path" : attribute;
        assertThatThrownBy(() -> MqttForwarderOptions.from(config, IDENTITY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching(java.util.regex.Pattern.quote(
                                MqttForwarder.PID + ": attribute '" + expectedAttribute + "' has invalid value '")
                        + ".*'; expected .+");
    }

    /** The metatype's min/max are these constants (MqttForwarderConfig); here the checks accept exactly that range. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "batch.size|" + MqttForwarderOptions.MIN_BATCH + "|" + MqttForwarderOptions.MAX_BATCH,
        "message.max.bytes|" + MqttForwarderOptions.MIN_MESSAGE_BYTES + "|" + MqttForwarderOptions.MAX_MESSAGE_BYTES,
        "inflight.window|" + MqttForwarderOptions.MIN_WINDOW + "|" + MqttForwarderOptions.MAX_WINDOW,
        "rate.messages.per.second|" + MqttForwarderOptions.MIN_RATE + "|" + MqttForwarderOptions.MAX_RATE_MESSAGES,
        "rate.bytes.per.second|" + MqttForwarderOptions.MIN_RATE + "|" + MqttForwarderOptions.MAX_RATE_BYTES,
        "status.interval.seconds|" + MqttForwarderOptions.MIN_STATUS_INTERVAL + "|"
                + MqttForwarderOptions.MAX_STATUS_INTERVAL,
        "keepalive.seconds|" + MqttForwarderOptions.MIN_KEEPALIVE + "|" + MqttForwarderOptions.MAX_KEEPALIVE,
        "reconnect.min.millis|" + MqttForwarderOptions.MIN_RECONNECT_MILLIS + "|1000",
        "reconnect.max.millis|1000|" + MqttForwarderOptions.MAX_RECONNECT_MILLIS,
        "replay.page.size|" + MqttForwarderOptions.MIN_REPLAY_PAGE + "|" + MqttForwarderOptions.MAX_REPLAY_PAGE,
        "puback.timeout.seconds|" + MqttForwarderOptions.MIN_PUBACK_TIMEOUT + "|"
                + MqttForwarderOptions.MAX_PUBACK_TIMEOUT})
    void acceptsExactlyTheBoundsTheMetatypeDeclares(String attribute, long min, long max) {
        // reconnect.min may not exceed reconnect.max (default 60000) and vice versa: their other bound is the default
        assertThat(MqttForwarderOptions.from(config(Map.of(attribute, min)), IDENTITY)).isNotNull();
        assertThat(MqttForwarderOptions.from(config(Map.of(attribute, max)), IDENTITY)).isNotNull();
        if (!attribute.equals("reconnect.max.millis")) {
            assertThatThrownBy(() -> MqttForwarderOptions.from(config(Map.of(attribute, min - 1)), IDENTITY))
                    .hasMessageContaining("'" + attribute + "' has invalid value");
        }
        if (!attribute.equals("reconnect.min.millis")) {
            assertThatThrownBy(() -> MqttForwarderOptions.from(config(Map.of(attribute, max + 1)), IDENTITY))
                    .hasMessageContaining("'" + attribute + "' has invalid value");
        }
    }

    @Test
    void spatIsOnByDefaultUnderItsOwnTopicAndOffWhenSwitchedOff() {
        assertThat(MqttForwarderOptions.from(config(Map.of()), IDENTITY).spatTopic()).isEqualTo("spat");
        assertThat(MqttForwarderOptions.from(config(Map.of("spat.topic", " roadside/spat ")), IDENTITY).spatTopic())
                .isEqualTo("roadside/spat");
        assertThat(MqttForwarderOptions.from(config(Map.of("spat.enabled", false)), IDENTITY).spatTopic()).isNull();
    }

    @Test
    void spatSettingsApplyLive() {
        MqttForwarderOptions on = MqttForwarderOptions.from(config(Map.of()), IDENTITY);
        assertThat(on.differsOnlyLive(MqttForwarderOptions.from(config(Map.of("spat.enabled", false)), IDENTITY)))
                .isTrue();
        assertThat(on.differsOnlyLive(MqttForwarderOptions.from(config(Map.of("spat.topic", "x")), IDENTITY)))
                .isTrue();
    }

    @Test
    void reconnectBoundsAreCheckedAtTheirLimitsToo() {
        assertThatThrownBy(() -> MqttForwarderOptions.from(config(Map.of("reconnect.min.millis",
                MqttForwarderOptions.MIN_RECONNECT_MILLIS - 1, "reconnect.max.millis", 100)), IDENTITY))
                .hasMessageContaining("'reconnect.min.millis' has invalid value '9'");
        assertThatThrownBy(() -> MqttForwarderOptions.from(config(Map.of("reconnect.max.millis",
                MqttForwarderOptions.MAX_RECONNECT_MILLIS + 1)), IDENTITY))
                .hasMessageContaining("'reconnect.max.millis' has invalid value '3600001'");
    }

    @Test
    void aBackoffCeilingBelowTheFirstBackoffMeansAConstantBackoff() {
        // both values are inside the metatype's range, so the web UI accepts them: activation must too
        MqttForwarderOptions options = MqttForwarderOptions.from(config(Map.of("reconnect.min.millis",
                MqttForwarderOptions.MAX_RECONNECT_MILLIS, "reconnect.max.millis",
                MqttForwarderOptions.MIN_RECONNECT_MILLIS)), IDENTITY);
        assertThat(options.reconnectMinMillis()).isEqualTo(MqttForwarderOptions.MAX_RECONNECT_MILLIS);
        assertThat(options.reconnectMaxMillis()).isEqualTo(MqttForwarderOptions.MAX_RECONNECT_MILLIS);
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
                .hasMessageStartingWith(MqttForwarder.PID + ": attribute 'password' has invalid value '********';"
                        + " expected a value encrypted by this gateway's CryptoService")
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
