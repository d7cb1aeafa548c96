package io.cityhub.traffic.definition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The example intersections shipped in the repository's {@code intersections/} folder, for tests. */
public final class Intersections {

    private Intersections() {
    }

    /** @return the folder holding the example definitions */
    public static Path folder() {
        Path p = Path.of("../../intersections").toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("example intersections not found at " + p);
        }
        return p;
    }

    /**
     * @param file e.g. {@code t-junction.yaml}
     * @return the file's text
     */
    public static String text(String file) {
        try {
            return Files.readString(folder().resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param file e.g. {@code t-junction.yaml}
     * @return the loaded definition
     */
    public static IntersectionDefinition load(String file) {
        try {
            return new IntersectionLoader().load(folder().resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (DefinitionException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
