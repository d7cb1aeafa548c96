package io.cityhub.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogService;
import org.slf4j.Logger;

class OsgiLogForwarderTest {

    private final List<String> logged = new ArrayList<>();

    private final OsgiLogForwarder forwarder = new OsgiLogForwarder(name -> (Logger) Proxy.newProxyInstance(
            Logger.class.getClassLoader(), new Class<?>[] {Logger.class}, (proxy, method, args) -> {
                logged.add(name + " " + method.getName() + " " + Arrays.toString(args));
                return null;
            }));

    @Test
    void forwardsAnActivationFailureAtErrorWithTheComponentsReason() {
        IllegalArgumentException reason = new IllegalArgumentException(
                "io.cityhub.forward.mqtt.MqttForwarder: attribute 'batch.size' has invalid value '0'; expected"
                        + " 1..10000");
        forwarder.logged(entry("org.apache.felix.scr", LogService.LOG_ERROR,
                "[io.cityhub.forward.mqtt.MqttForwarder(3)] The constructor has thrown an exception",
                new RuntimeException("wrapped", reason)));

        assertThat(logged).singleElement().asString()
                .startsWith("osgi.org.apache.felix.scr error")
                .contains("The constructor has thrown an exception")
                .contains("attribute 'batch.size' has invalid value '0'");
    }

    @Test
    void forwardsWarningsWithoutStackTraceAndDropsInfoAndDebug() {
        forwarder.logged(entry(
                "org.apache.felix.scr", LogService.LOG_WARNING, "could not bind", new IllegalStateException("x")));
        forwarder.logged(entry("org.apache.felix.scr", LogService.LOG_INFO, "wiring", null));
        forwarder.logged(entry("org.apache.felix.scr", LogService.LOG_DEBUG, "more wiring", null));

        assertThat(logged).singleElement().asString()
                .isEqualTo("osgi.org.apache.felix.scr warn [could not bind: java.lang.IllegalStateException: x]");
    }

    @Test
    void namesTheFrameworkWhenAnEntryHasNoBundle() {
        forwarder.logged(entry(null, LogService.LOG_ERROR, "boom", null));

        assertThat(logged).singleElement().asString().startsWith("osgi.framework error [boom, null]");
    }

    private static LogEntry entry(String bundleName, int level, String message, Throwable exception) {
        Bundle bundle = bundleName == null ? null : (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(),
                new Class<?>[] {Bundle.class}, (p, m, a) -> "getSymbolicName".equals(m.getName()) ? bundleName : null);
        return (LogEntry) Proxy.newProxyInstance(LogEntry.class.getClassLoader(), new Class<?>[] {LogEntry.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getBundle" -> bundle;
                    case "getLevel" -> level;
                    case "getMessage" -> message;
                    case "getException" -> exception;
                    default -> null;
                });
    }
}
