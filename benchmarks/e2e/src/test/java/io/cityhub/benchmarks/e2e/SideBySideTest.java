package io.cityhub.benchmarks.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SideBySideTest {

    @Test
    void lossIsCountedPerPhaseOnlyForAcknowledgedReadings() {
        Ledger ledger = new Ledger(1);
        // phase 1: 3 acknowledged, one never arrived, one arrived twice
        for (long p = 0; p < 3; p++) {
            ledger.sent(p, 1);
            ledger.completed(p, Ledger.ACCEPTED);
        }
        ledger.arrived(0);
        ledger.arrived(1);
        ledger.arrived(1);
        // phase 2: one refused and never arrived (not lost), one failed that arrived anyway (not lost),
        // one acknowledged that never arrived (lost)
        ledger.sent(3, 2);
        ledger.completed(3, Ledger.REFUSED);
        ledger.sent(4, 2);
        ledger.completed(4, Ledger.FAILED);
        ledger.arrived(4);
        ledger.sent(5, 2);
        ledger.completed(5, Ledger.ACCEPTED);
        SideBySide.Tally t = SideBySide.tally(ledger, 6, 3);
        assertArrayEquals(new long[] {0, 3, 1}, t.accepted());
        assertArrayEquals(new long[] {0, 1, 1}, t.lost());
        assertArrayEquals(new long[] {0, 1, 0}, t.duplicates());
        assertArrayEquals(new long[] {0, 0, 1}, t.failed());
    }

    @Test
    void ratiosAreCityhubOverPeerAndMissingFiguresHaveNone() {
        assertTrue(SideBySide.trio(150, 6000, "%,.0f").contains("(0.03)"), SideBySide.trio(150, 6000, "%,.0f"));
        assertTrue(SideBySide.trio(20, 10, "%.2f").contains("(2.00)"));
        assertTrue(SideBySide.trio(20, 0, "%.2f").contains("(   -)"));
        assertTrue(SideBySide.trio(Double.NaN, 3, "%.2f").contains("(   -)"));
        assertEquals(SideBySide.trio(1, 2, "%.0f").length(), SideBySide.trio(12345, 23456, "%,.0f").length());
    }
}
