package io.cityhub.itest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.traffic.SignalTimingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

/**
 * The local SPaT publication is wired as the traffic controller expects it: the MQTT uplink and the CoAP server run
 * as {@link SignalTimingListener} services (whiteboard), so every intersection's timing reaches both.
 */
@ExtendWith(BundleContextExtension.class)
class SpatListenersTest {

    @Test
    void theUplinkAndTheCoapServerListenToSignalTiming(@InjectBundleContext BundleContext context) throws Exception {
        Awaits.until("both SPaT listeners registered", () -> {
            assertThat(context.getServiceReferences(SignalTimingListener.class,
                    "(component.name=io.cityhub.forward.mqtt.MqttForwarder)")).hasSize(1);
            assertThat(context.getServiceReferences(SignalTimingListener.class,
                    "(component.name=io.cityhub.sensor.coap.internal.CoapSensorServer)")).hasSize(1);
        });
    }
}
