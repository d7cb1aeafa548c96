package io.cityhub.itest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The values at and beyond each numeric limit of a metatype file, as Kura's web UI would let a technician enter. */
final class MetatypeBound {

    /**
     * @param attribute the AD id
     * @param value the typed value to configure
     * @param mustActivate whether the metatype allows it (then the component must activate with it)
     * @param why which limit the value comes from
     */
    record Case(String attribute, Object value, boolean mustActivate, String why) {
    }

    private MetatypeBound() {
    }

    /** Every numeric AD of the file: its lowest and highest allowed value, and one beyond each metatype min/max. */
    static List<Case> cases(Document metatype) {
        List<Case> cases = new ArrayList<>();
        NodeList ads = metatype.getElementsByTagName("AD");
        for (int i = 0; i < ads.getLength(); i++) {
            Element ad = (Element) ads.item(i);
            String type = ad.getAttribute("type");
            if (!isNumeric(type) || ad.getElementsByTagName("Option").getLength() > 0) {
                continue; // options are a closed list: the UI offers nothing else
            }
            String id = ad.getAttribute("id");
            String min = ad.getAttribute("min");
            String max = ad.getAttribute("max");
            cases.add(new Case(id, min.isEmpty() ? typeMin(type) : parse(type, min), true,
                    min.isEmpty() ? "no metatype min: the type's lowest value" : "the metatype min"));
            cases.add(new Case(id, max.isEmpty() ? typeMax(type) : parse(type, max), true,
                    max.isEmpty() ? "no metatype max: the type's highest value" : "the metatype max"));
            Object below = min.isEmpty() ? null : step(type, min, -1);
            if (below != null) {
                cases.add(new Case(id, below, false, "one below the metatype min " + min));
            }
            Object above = max.isEmpty() ? null : step(type, max, +1);
            if (above != null) {
                cases.add(new Case(id, above, false, "one above the metatype max " + max));
            }
        }
        return cases;
    }

    private static boolean isNumeric(String type) {
        return List.of("Integer", "Long", "Short", "Byte", "Double", "Float").contains(type);
    }

    private static Object parse(String type, String text) {
        return switch (type) {
            case "Integer" -> Integer.valueOf(text.trim());
            case "Long" -> Long.valueOf(text.trim());
            case "Short" -> Short.valueOf(text.trim());
            case "Byte" -> Byte.valueOf(text.trim());
            case "Double" -> Double.valueOf(text.trim());
            case "Float" -> Float.valueOf(text.trim());
            default -> throw new IllegalArgumentException(type);
        };
    }

    /**
     * One unit beyond for whole numbers, the next representable value for floating point; null where the bound is
     * the type's own limit (nothing lies beyond it).
     */
    private static Object step(String type, String bound, int direction) {
        try {
            return stepOrThrow(type, bound, direction);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Object stepOrThrow(String type, String bound, int direction) {
        return switch (type) {
            case "Double" -> direction > 0 ? Math.nextUp(Double.parseDouble(bound))
                    : Math.nextDown(Double.parseDouble(bound));
            case "Float" -> direction > 0 ? Math.nextUp(Float.parseFloat(bound))
                    : Math.nextDown(Float.parseFloat(bound));
            default -> parse(type, new BigDecimal(bound.trim()).add(BigDecimal.valueOf(direction)).toPlainString());
        };
    }

    private static Object typeMin(String type) {
        return switch (type) {
            case "Integer" -> Integer.MIN_VALUE;
            case "Long" -> Long.MIN_VALUE;
            case "Short" -> Short.MIN_VALUE;
            case "Byte" -> Byte.MIN_VALUE;
            case "Double" -> -Double.MAX_VALUE;
            case "Float" -> -Float.MAX_VALUE;
            default -> throw new IllegalArgumentException(type);
        };
    }

    private static Object typeMax(String type) {
        return switch (type) {
            case "Integer" -> Integer.MAX_VALUE;
            case "Long" -> Long.MAX_VALUE;
            case "Short" -> Short.MAX_VALUE;
            case "Byte" -> Byte.MAX_VALUE;
            case "Double" -> Double.MAX_VALUE;
            case "Float" -> Float.MAX_VALUE;
            default -> throw new IllegalArgumentException(type);
        };
    }
}
