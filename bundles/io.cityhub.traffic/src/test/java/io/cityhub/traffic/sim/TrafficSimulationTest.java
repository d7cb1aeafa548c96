package io.cityhub.traffic.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cityhub.traffic.control.ControlMode;
import io.cityhub.traffic.definition.IntersectionDefinition;
import io.cityhub.traffic.definition.Intersections;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficSimulationTest {

    private final IntersectionDefinition def = Intersections.load("t-junction.yaml");

    private String[] run(List<TraceReader.Event> trace, int tenths, long seed, TrafficSimulation.Summary[] summary) {
        StringWriter out = new StringWriter();
        summary[0] = new TrafficSimulation(def, ControlMode.ACTUATED, null).run(trace, tenths, seed, out);
        return out.toString().split("\n");
    }

    @Test
    void traceDrivenRunWritesOneRowPerChangeWithSpatColumns() {
        List<TraceReader.Event> trace = TraceReader.parse("""
                time,input,value
                30.0,btn.side,1
                30.1,btn.side,0
                """, def);
        TrafficSimulation.Summary[] summary = new TrafficSimulation.Summary[1];

        String[] rows = run(trace, 1200, 0, summary);

        assertThat(rows[0]).isEqualTo(TrafficSimulation.HEADER);
        assertThat(rows[1]).startsWith("0.0,main-east,flashing-amber,9,");
        // all red at 5.0 s; side-south's intergreen from the flash holds main-east to 10.0 s (TimeMark 100)
        assertThat(rows).contains("5.0,main-east,red,3,100,36001,100,8", "10.0,main-east,green,6,160,36001,36001,0");
        // the button at 30.0 s: main-west ends (min green served), ped-side enters after IG main-west -> ped-side
        // 5 s, shows 5 s green and 4 s flashing green, whose end is certain (max = min = likely, confidence 15)
        assertThat(rows).contains("30.0,main-west,amber,8,330,330,330,15", "35.0,ped-side,green,6,400,36001,400,8",
                "40.0,ped-side,flashing-green,8,440,440,440,15", "44.0,ped-side,red,3,450,36001,36001,0");
        assertThat(summary[0].tripped()).isFalse();
        var ped = summary[0].groups().stream().filter(g -> g.group().equals("ped-side")).findFirst().orElseThrow();
        assertThat(ped.waits()).isEqualTo(1);
        assertThat(ped.maxWaitSeconds()).isGreaterThan(0).isLessThan(20);
        assertThat(ped.greenSeconds()).isGreaterThanOrEqualTo(5.0);
    }

    @Test
    void randomTrafficIsReproducibleFromItsSeed() {
        TrafficSimulation.Summary[] a = new TrafficSimulation.Summary[1];
        TrafficSimulation.Summary[] b = new TrafficSimulation.Summary[1];

        String[] first = run(List.of(), 6000, 42, a);
        String[] second = run(List.of(), 6000, 42, b);
        String[] other = run(List.of(), 6000, 43, b);

        assertThat(first).isEqualTo(second).hasSizeGreaterThan(50);
        assertThat(other).isNotEqualTo(first);
        assertThat(a[0].tripped()).isFalse();
    }

    @Test
    void rejectsMalformedTracesNamingLineAndValue() {
        assertThatThrownBy(() -> TraceReader.parse("t,i,v\n", def))
                .hasMessage("trace line 1: expected the header 'time,input,value'");
        assertThatThrownBy(() -> TraceReader.parse("time,input,value\n1.0,det.nowhere,1\n", def))
                .hasMessageStartingWith("trace line 2: unknown input 'det.nowhere'; expected one of [btn.side,");
        assertThatThrownBy(() -> TraceReader.parse("time,input,value\n1.05,btn.side,1\n", def))
                .hasMessage("trace line 2: time '1.05'; expected seconds >= 0 with one decimal");
        assertThatThrownBy(() -> TraceReader.parse("time,input,value\n1.0,btn.side,on\n", def))
                .hasMessage("trace line 2: value 'on'; expected 0 or 1");
        assertThatThrownBy(() -> TraceReader.parse("time,input,value\n1.0,btn.side\n", def))
                .hasMessage("trace line 2: expected 3 fields, got '1.0,btn.side'");
    }
}
