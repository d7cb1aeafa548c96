package io.cityhub.sensor.lora.lorawan;

import io.cityhub.sensor.lora.gwmp.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The public LoRaWAN test vectors (copied from ../shared/testdata/lorawan/vectors.json into test resources). */
public final class Vectors {

    private Vectors() {
    }

    /** @return the whole document */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> all() {
        try (InputStream in = Vectors.class.getResourceAsStream("/lorawan/vectors.json")) {
            return (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Json.SyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the entries of {@code vectors} */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> frames() {
        return (List<Map<String, Object>>) all().get("vectors");
    }

    /** @return the vector with this id */
    public static Map<String, Object> byId(String id) {
        return frames().stream().filter(v -> id.equals(v.get("id"))).findFirst().orElseThrow();
    }

    /** @return {@code map.get(a).get(b)} as a map */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> section(Map<String, Object> map, String key) {
        return (Map<String, Object>) map.get(key);
    }

    /** @return the string at key */
    public static String str(Map<String, Object> map, String key) {
        return (String) map.get(key);
    }

    /** @return the number at key */
    public static long num(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).longValue();
    }

    /** @return hex string to bytes */
    public static byte[] hex(String s) {
        return Bytes.fromHex(s);
    }
}
