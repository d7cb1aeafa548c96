package io.cityhub.forward.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An invalid configuration is logged at ERROR naming PID, attribute and reason (issue 7 item 5). */
class ConfigurationChangeTest {

    private EmbeddedBroker broker;
    private final ForwarderHarness harness = new ForwarderHarness();
    private final InMemoryReadingBuffer buffer = new InMemoryReadingBuffer();

    @BeforeEach
    void startBroker() throws Exception {
        broker = new EmbeddedBroker().start();
    }

    @AfterEach
    void stopAll() throws Exception {
        harness.close();
        broker.close();
    }

    @Test
    void anActivationFailureIsLoggedAtErrorNamingPidAttributeAndReason() {
        try (CapturedLog log = new CapturedLog()) {
            MqttForwarderConfig config = MqttForwarderOptionsTest.config(Map.of("reconnect.max.millis", 3_600_001));
            assertThatThrownBy(() -> new MqttForwarder(config, buffer, MqttForwarderOptionsTest.IDENTITY))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(log.text()).contains("ERROR io.cityhub.forward.mqtt.internal.MqttForwarder - "
                    + MqttForwarder.PID + ": activation failed: " + MqttForwarder.PID
                    + ": attribute 'reconnect.max.millis' has invalid value '3600001'; expected between 10 and 3600000");
        }
    }

}
