package io.cityhub.tools;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a SenML JSON pack (RFC 8428) into short lines a person can read: {@code temperature = 11.82 Cel @ time}.
 * Resolves base name, base time and base unit as §4.6 says; anything that is not SenML JSON is shown as text.
 */
public final class SenmlSummary {

    private static final JsonFactory JSON = new JsonFactory();

    private SenmlSummary() {
    }

    /**
     * @param payload the message payload
     * @return one line per record, or the payload itself (shortened) if it is not a SenML JSON array
     */
    public static List<String> lines(byte[] payload) {
        try (JsonParser p = JSON.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return List.of(shorten(new String(payload, java.nio.charset.StandardCharsets.UTF_8)));
            }
            List<String> lines = new ArrayList<>();
            String bn = "";
            String bu = "";
            BigDecimal bt = BigDecimal.ZERO;
            while (p.nextToken() == JsonToken.START_OBJECT) {
                String n = "";
                String u = null;
                String value = "?";
                String id = null;
                BigDecimal t = BigDecimal.ZERO;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    switch (field) {
                        case "bn" -> bn = p.getText();
                        case "bu" -> bu = p.getText();
                        case "bt" -> bt = p.getDecimalValue();
                        case "n" -> n = p.getText();
                        case "u" -> u = p.getText();
                        case "t" -> t = p.getDecimalValue();
                        case "v", "vs" -> value = p.getText();
                        case "vb" -> value = Boolean.toString(p.getBooleanValue());
                        default -> {
                            if (field.endsWith("id") && p.currentToken() == JsonToken.VALUE_STRING) {
                                id = p.getText();
                            }
                            p.skipChildren();
                        }
                    }
                }
                BigDecimal time = bt.add(t);
                Instant at = Instant.ofEpochSecond(time.longValue(),
                        time.remainder(BigDecimal.ONE).movePointRight(9).intValue());
                String unit = u != null ? u : bu;
                lines.add(bn + n + " = " + value + (unit.isEmpty() ? "" : " " + unit) + " @ " + at
                        + (id == null ? "" : "  (id " + id.substring(0, Math.min(8, id.length())) + "…)"));
            }
            return lines;
        } catch (IOException | java.time.DateTimeException | ArithmeticException e) {
            return List.of(shorten(new String(payload, java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    private static String shorten(String text) {
        return text.length() <= 160 ? text : text.substring(0, 157) + "...";
    }
}
