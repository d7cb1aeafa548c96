package io.cityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A malformed snapshot stops start-up with a message that names the file, the line and the problem. */
class SnapshotRefusedIT {

    @TempDir
    Path work;

    @Test
    void aBadValueStopsStartUpNamingFileAndLine() throws Exception {
        GatewayFixture fixture = new GatewayFixture(work);
        Path bad = work.resolve("bad_snapshot.xml");
        Files.writeString(bad, """
                <?xml version="1.0" encoding="UTF-8"?>
                <esf:configurations xmlns:esf="http://eurotech.com/esf/2.0" \
                    xmlns:ocd="http://www.osgi.org/xmlns/metatype/v1.2.0">
                  <esf:configuration pid="io.cityhub.sensor.coap.CoapSensorServer">
                    <esf:properties>
                      <esf:property name="port" type="Integer" array="false" \
                          encrypted="false"><esf:value>fifty</esf:value></esf:property>
                    </esf:properties>
                  </esf:configuration>
                </esf:configurations>
                """);
        GatewayProcess gateway = GatewayProcess.start(fixture.runtimeJar(), work, bad, Map.of());
        int exit = gateway.awaitExit(60);
        String log = gateway.logText();
        assertThat(exit).as("exit code; log:%n%s", log).isNotIn(0, -1);
        assertThat(log).contains("bad_snapshot.xml").contains(":5").contains("port").contains("fifty");
        gateway.close();
    }
}
