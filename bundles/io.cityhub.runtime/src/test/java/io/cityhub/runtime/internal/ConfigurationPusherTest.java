package io.cityhub.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.cityhub.testing.InMemoryConfigurationAdmin;
import io.cityhub.testing.InMemoryConfigurationAdmin.Lookup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConfigurationPusherTest {

    private static final String SNAPSHOT = """
            <?xml version="1.0" encoding="UTF-8"?>
            <esf:configurations xmlns:esf="http://eurotech.com/esf/2.0">
              <esf:configuration pid="io.cityhub.forward.mqtt.MqttForwarder">
                <esf:properties>
                  <esf:property name="broker.uri" type="String" array="false" \
                      encrypted="false"><esf:value>tcp://10.0.0.1:1883</esf:value></esf:property>
                  <esf:property name="qos" type="Integer" array="false" \
                      encrypted="false"><esf:value>1</esf:value></esf:property>
                  <esf:property name="password" type="Password" array="false" \
                      encrypted="true"><esf:value>czNjcmV0</esf:value></esf:property>
                  <esf:property name="topics" type="String" array="true" \
                      encrypted="false"><esf:value>a</esf:value><esf:value>b</esf:value></esf:property>
                </esf:properties>
              </esf:configuration>
              <esf:configuration pid="lamp-17">
                <esf:properties>
                  <esf:property name="service.factoryPid" type="String" array="false" \
                      encrypted="false"><esf:value>io.cityhub.sensor.coap.CoapEndpoint</esf:value></esf:property>
                  <esf:property name="address" type="String" array="false" \
                      encrypted="false"><esf:value>10.0.0.17</esf:value></esf:property>
                </esf:properties>
              </esf:configuration>
            </esf:configurations>
            """;

    private final InMemoryConfigurationAdmin configAdmin = new InMemoryConfigurationAdmin();
    private final RuntimeCryptoService crypto = RuntimeCryptoService.withRandomKey();
    private final ConfigurationPusher pusher = new ConfigurationPusher(configAdmin, crypto);

    private static List<SnapshotConfiguration> snapshot() throws SnapshotException {
        return new SnapshotReader().read(SNAPSHOT.getBytes(StandardCharsets.UTF_8), "snapshot_0.xml");
    }

    private Map<String, Object> stored(String pid) {
        var properties = configAdmin.stored(pid);
        return Collections.list(properties.keys()).stream().collect(Collectors.toMap(k -> k, properties::get));
    }

    @Test
    void reportsAStorageFailureNamingTheConfiguration() throws SnapshotException {
        configAdmin.failUpdatesWith(new IOException("disk full"));

        assertThatThrownBy(() -> pusher.push(snapshot()))
                .isInstanceOf(IOException.class)
                .hasMessage("ConfigurationAdmin cannot store configuration 'io.cityhub.forward.mqtt.MqttForwarder'"
                        + " (line 3): disk full");
    }

    @Test
    void pushesSingletonWithMultiLocationAndTypedValues() throws Exception {
        pusher.push(snapshot());

        assertThat(configAdmin.lookups()).contains(
                new Lookup("getConfiguration", "io.cityhub.forward.mqtt.MqttForwarder", null, "?"));
        Map<String, Object> forwarder = stored("io.cityhub.forward.mqtt.MqttForwarder");
        assertThat(forwarder).contains(
                entry("kura.service.pid", "io.cityhub.forward.mqtt.MqttForwarder"),
                entry("broker.uri", "tcp://10.0.0.1:1883"),
                entry("qos", 1));
        assertThat(forwarder.get("topics")).isEqualTo(new String[] {"a", "b"});
        assertThat(forwarder).hasSize(5);
    }

    @Test
    void handsPasswordValuesOverEncryptedWithTheRuntimesCryptoServiceAsKuraDoes() throws Exception {
        pusher.push(snapshot());

        String stored = (String) stored("io.cityhub.forward.mqtt.MqttForwarder").get("password");
        assertThat(stored).isNotEqualTo("s3cret").doesNotContain("s3cret").doesNotContain("czNjcmV0");
        assertThat(crypto.decryptAes(stored.toCharArray())).containsExactly("s3cret".toCharArray());
    }

    @Test
    void encryptsEveryElementOfAPasswordArrayAndLeavesAnEmptyPasswordEmpty() throws Exception {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <esf:configurations xmlns:esf="http://eurotech.com/esf/2.0">
                  <esf:configuration pid="io.cityhub.x.X">
                    <esf:properties>
                      <esf:property name="keys" type="Password" array="true" \
                          encrypted="false"><esf:value>k-one-1</esf:value><esf:value>k-two-2</esf:value></esf:property>
                      <esf:property name="none" type="Password" array="false" \
                          encrypted="false"><esf:value></esf:value></esf:property>
                    </esf:properties>
                  </esf:configuration>
                </esf:configurations>
                """;
        pusher.push(new SnapshotReader().read(xml.getBytes(StandardCharsets.UTF_8), "snapshot_0.xml"));

        Map<String, Object> stored = stored("io.cityhub.x.X");
        String[] keys = (String[]) stored.get("keys");
        assertThat(keys).hasSize(2).noneMatch(k -> k.contains("k-one-1") || k.contains("k-two-2"));
        assertThat(crypto.decryptAes(keys[0].toCharArray())).containsExactly("k-one-1".toCharArray());
        assertThat(crypto.decryptAes(keys[1].toCharArray())).containsExactly("k-two-2".toCharArray());
        assertThat(stored.get("none")).isEqualTo("");
    }

    @Test
    void replacesCiphertextThatAnotherKeyMadeAndSaysNothingOfTheValueWhenEncryptionFails() throws Exception {
        new ConfigurationPusher(configAdmin, RuntimeCryptoService.withRandomKey()).push(snapshot());

        assertThat(pusher.push(snapshot())).isEqualTo(1);
        String stored = (String) stored("io.cityhub.forward.mqtt.MqttForwarder").get("password");
        assertThat(crypto.decryptAes(stored.toCharArray())).containsExactly("s3cret".toCharArray());

        ConfigurationPusher failing = new ConfigurationPusher(new InMemoryConfigurationAdmin(),
                new org.eclipse.kura.crypto.CryptoService() {
                    @Override
                    public char[] decryptAes(char[] value) throws org.eclipse.kura.KuraException {
                        throw new org.eclipse.kura.KuraException(org.eclipse.kura.KuraErrorCode.INTERNAL_ERROR);
                    }

                    @Override
                    public char[] encryptAes(char[] value) throws org.eclipse.kura.KuraException {
                        throw new org.eclipse.kura.KuraException(org.eclipse.kura.KuraErrorCode.INTERNAL_ERROR,
                                new String(value));
                    }
                });
        assertThatThrownBy(() -> failing.push(snapshot()))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot encrypt Password property 'password' of configuration"
                        + " 'io.cityhub.forward.mqtt.MqttForwarder' (line 7): INTERNAL_ERROR")
                .hasNoCause();
    }

    @Test
    void pushesFactoryInstanceAsNamedFactoryConfiguration() throws Exception {
        pusher.push(snapshot());

        assertThat(configAdmin.lookups()).contains(
                new Lookup("getFactoryConfiguration", "io.cityhub.sensor.coap.CoapEndpoint", "lamp-17", "?"));
        assertThat(stored("io.cityhub.sensor.coap.CoapEndpoint~lamp-17")).containsOnly(
                entry("kura.service.pid", "lamp-17"),
                entry("address", "10.0.0.17"));
    }

    @Test
    void leavesUnchangedConfigurationsAloneOnTheNextStart() throws Exception {
        assertThat(pusher.push(snapshot())).isEqualTo(2);

        assertThat(pusher.push(snapshot())).isZero();

        assertThat(configAdmin.pids()).allSatisfy(pid -> assertThat(configAdmin.updates(pid)).isEqualTo(1));
    }

    @Test
    void findsTheSameFactoryInstanceOnTheNextStart() throws Exception {
        pusher.push(snapshot());
        pusher.push(snapshot());

        assertThat(configAdmin.pids()).hasSize(2);
    }

    @Test
    void handsTheRuntimesOwnCiphertextOverAsItIsAndNamesAValueAnotherKeyMade() throws Exception {
        String ours = new String(crypto.encryptAes("s3cret".toCharArray()));
        String foreign = new String(RuntimeCryptoService.withRandomKey().encryptAes("old".toCharArray()));
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <esf:configurations xmlns:esf="http://eurotech.com/esf/2.0">
                  <esf:configuration pid="io.cityhub.x.X">
                    <esf:properties>
                      <esf:property name="ours" type="Password" array="false" \
                          encrypted="true"><esf:value>%s</esf:value></esf:property>
                      <esf:property name="foreign" type="Password" array="false" \
                          encrypted="true"><esf:value>%s</esf:value></esf:property>
                    </esf:properties>
                  </esf:configuration>
                </esf:configurations>
                """.formatted(ours, foreign);
        List<SnapshotConfiguration> read = SnapshotReader.forRuntimeSnapshots()
                .read(xml.getBytes(StandardCharsets.UTF_8), "snapshot_1.xml");

        try (CapturedLog log = new CapturedLog()) {
            pusher.push(read, "data/snapshots/snapshot_1.xml");
            assertThat(log.text()).contains("ERROR").contains("cityhub: data/snapshots/snapshot_1.xml: Password"
                    + " attribute 'foreign' of configuration 'io.cityhub.x.X' (line 6) was encrypted under another key")
                    .doesNotContain("attribute 'ours'").doesNotContain(foreign);
        }

        assertThat(stored("io.cityhub.x.X")).contains(entry("ours", ours), entry("foreign", foreign));
    }
}
