package io.cityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrafficSimulateTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final String tJunction = Path.of("../intersections/t-junction.yaml").toAbsolutePath().toString();

    private int run(String... args) {
        return TrafficSimulate.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void simulatesRandomTrafficAndPrintsTimelineAndSummary() {
        int code = run(tJunction, "--duration", "600", "--seed", "7");

        assertThat(code).isZero();
        String timeline = out.toString(StandardCharsets.UTF_8);
        assertThat(timeline)
                .startsWith("time_s,group,state,event_state,min_end_time,max_end_time,likely_time,confidence\n")
                .contains(",side-south,green,6,");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("t-junction, actuated, 600 s, random traffic, seed 7")
                .contains("ped-side").contains("monitor: no violation");
    }

    @Test
    void readsEventsFromATraceAndRunsFixedTime(@TempDir Path dir) throws IOException {
        Path trace = dir.resolve("trace.csv");
        Files.writeString(trace, "time,input,value\n30.0,btn.side,1\n30.1,btn.side,0\n");

        assertThat(run(tJunction, "--events", trace.toString(), "--duration", "120", "--mode", "fixed-time")).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("fixed-time, 120 s, events");
    }

    @Test
    void badInputExitsWithTwoAndSaysWhy(@TempDir Path dir) throws IOException {
        assertThat(run()).isEqualTo(2);
        assertThat(run(tJunction, "--duration", "0")).isEqualTo(2);
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(
                bad, Files.readString(Path.of(tJunction)).replace("main-east: [side-south]", "main-east: []"));
        assertThat(run(bad.toString())).isEqualTo(2);
        Path trace = dir.resolve("trace.csv");
        Files.writeString(trace, "time,input,value\n1.0,nowhere,1\n");
        assertThat(run(tJunction, "--events", trace.toString())).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: cityhub traffic simulate")
                .contains("--duration 0; expected 1 to 604800 seconds")
                .contains("asymmetric: 'side-south' conflicts with 'main-east'")
                .contains("trace line 2: unknown input 'nowhere'");
    }
}
