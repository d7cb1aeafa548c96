package io.cityhub.benchmarks.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A CSV file (RFC 4180: comma separated, CRLF line ends, fields quoted when they hold a comma, quote or line break)
 * with a fixed header. Numbers are written with {@link Locale#ROOT} and no grouping, NaN as an empty field, so a
 * spreadsheet or pandas reads them as numbers.
 */
final class CsvTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    CsvTable(List<String> header) {
        if (header.isEmpty()) {
            throw new IllegalArgumentException("a CSV table needs at least one column");
        }
        this.header = List.copyOf(header);
    }

    /** Adds a row; it must have one value per column. */
    void add(Object... values) {
        if (values.length != header.size()) {
            throw new IllegalArgumentException("row has " + values.length + " values, the header " + header.size()
                    + " columns " + header);
        }
        List<String> row = new ArrayList<>(values.length);
        for (Object v : values) {
            row.add(format(v));
        }
        rows.add(row);
    }

    int size() {
        return rows.size();
    }

    static String format(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "" : trim(String.format(Locale.ROOT, "%.3f", d));
        }
        if (v instanceof Float f) {
            return format(f.doubleValue());
        }
        return v.toString();
    }

    private static String trim(String decimal) {
        String s = decimal.contains(".") ? decimal.replaceAll("0+$", "") : decimal;
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0
                && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        line(sb, header);
        for (List<String> row : rows) {
            line(sb, row);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote(fields.get(i)));
        }
        sb.append("\r\n");
    }

    void write(Path file) throws IOException {
        Files.writeString(file, text(), StandardCharsets.UTF_8);
    }
}
