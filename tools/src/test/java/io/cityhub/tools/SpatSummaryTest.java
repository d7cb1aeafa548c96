package io.cityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpatSummaryTest {

    // 12:00:10.0 UTC is 100 tenths into its hour
    private static final Instant AT = Instant.parse("2026-11-30T12:00:10Z");

    @Test
    void saysEachGroupsStateAndWhenItChangesRelativeToTheReading() {
        List<String> lines = SpatSummary.lines("main-east=6,106,36001,142,8;ped-side=8,130,130,130,15;"
                + "side-south=3,35990,36001,36001,0", AT);

        assertThat(lines).containsExactly(
                "main-east    GREEN            changes in ≥ 0.6 s, likely 4.2 s",
                "ped-side     AMBER/CLEARANCE  changes in 3.0 s",
                "side-south   RED              changes in ≥ 3589.0 s");
    }

    @Test
    void showsAnythingElseAsItIs() {
        assertThat(SpatSummary.lines("not spat", AT)).containsExactly("not spat");
        assertThat(SpatSummary.lines("a=6,x,1,2,3", AT)).containsExactly("a=6,x,1,2,3");
    }
}
