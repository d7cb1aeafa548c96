package io.cityhub.benchmarks.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {

    @TempDir
    Path dir;

    @Test
    void aRowWithTheWrongNumberOfValuesIsRefusedAndTheTableKeepsItsRows() {
        CsvTable t = new CsvTable(List.of("a", "b"));
        t.add(1, 2);
        assertThrows(IllegalArgumentException.class, () -> t.add(1));
        assertThrows(IllegalArgumentException.class, () -> t.add(1, 2, 3));
        assertEquals(1, t.size());
        assertEquals("a,b\r\n1,2\r\n", t.text());
    }

    @Test
    void anEmptyHeaderIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CsvTable(List.of()));
    }

    @Test
    void fieldsWithCommasQuotesOrLineBreaksAreQuoted() {
        assertEquals("plain", CsvTable.quote("plain"));
        assertEquals("\"a,b\"", CsvTable.quote("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvTable.quote("say \"hi\""));
        assertEquals("\"two\nlines\"", CsvTable.quote("two\nlines"));
        assertEquals("\"cr\rhere\"", CsvTable.quote("cr\rhere"));
    }

    @Test
    void numbersAreWrittenWithoutGroupingAndMissingOnesAreEmpty() {
        assertEquals("", CsvTable.format(Double.NaN));
        assertEquals("", CsvTable.format(Double.POSITIVE_INFINITY));
        assertEquals("", CsvTable.format(null));
        assertEquals("12345.5", CsvTable.format(12345.5));
        assertEquals("3", CsvTable.format(3.0));
        assertEquals("0.125", CsvTable.format(0.125));
        assertEquals("0.001", CsvTable.format(0.0005));
        assertEquals("1234567", CsvTable.format(1_234_567L));
    }

    @Test
    void writesTheFileAsUtf8() throws IOException {
        CsvTable t = new CsvTable(List.of("side", "phase", "acked_per_s"));
        t.add("Node-RED", "outage: broker down, paced", 499.75);
        t.add("cityhub", "c=1", Double.NaN);
        Path f = dir.resolve("x.csv");
        t.write(f);
        assertEquals("side,phase,acked_per_s\r\nNode-RED,\"outage: broker down, paced\",499.75\r\ncityhub,c=1,\r\n",
                Files.readString(f, StandardCharsets.UTF_8));
    }
}
