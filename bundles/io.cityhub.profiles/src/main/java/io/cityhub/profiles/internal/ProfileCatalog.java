package io.cityhub.profiles.internal;

import io.cityhub.api.profile.PayloadCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Loads a set of profile files: each is read, validated and its examples run; a broken file is left out with its
 * reason and does not affect the others. A file of the local directory replaces a built-in profile of the same id.
 */
public final class ProfileCatalog {

    /**
     * One profile file.
     *
     * @param name its file name, {@code <id>.yaml}
     * @param bytes its content
     */
    public record Source(String name, byte[] bytes) {
    }

    /**
     * A usable profile.
     *
     * @param document the profile
     * @param codec its codec; null for a GPIO profile (no payload)
     */
    public record Loaded(ProfileDocument document, PayloadCodec codec) {
    }

    /**
     * @param profiles the usable profiles by id
     * @param errors one line per rejected file: file and reason
     * @param notes one line per built-in profile replaced by a local file
     */
    public record Result(Map<String, Loaded> profiles, List<String> errors, List<String> notes) {

        /** Copies. */
        public Result {
            profiles = Map.copyOf(profiles);
            errors = List.copyOf(errors);
            notes = List.copyOf(notes);
        }
    }

    private ProfileCatalog() {
    }

    /**
     * @param reader the reader
     * @param builtIn the bundle's profiles
     * @param local the technician's directory's profiles, replacing built-ins of the same id
     * @return what loaded and what was rejected
     */
    public static Result load(ProfileReader reader, List<Source> builtIn, List<Source> local) {
        Map<String, Loaded> profiles = new LinkedHashMap<>();
        Map<String, String> origin = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (List<Source> set : List.of(builtIn, local)) {
            Map<String, String> seenInSet = new LinkedHashMap<>();
            for (Source source : set) {
                Loaded loaded;
                try {
                    loaded = check(reader, source);
                } catch (ProfileException e) {
                    errors.add(e.getMessage());
                    continue;
                }
                String id = loaded.document().profile().id();
                if (seenInSet.put(id, source.name()) != null) {
                    errors.add(source.name() + ": profile id '" + id + "' is already defined by "
                            + origin.get(id));
                    continue;
                }
                if (profiles.containsKey(id)) {
                    notes.add(source.name() + " replaces the built-in profile '" + id + "'");
                }
                profiles.put(id, loaded);
                origin.put(id, source.name());
            }
        }
        return new Result(profiles, errors, notes);
    }

    /**
     * @return the profile of {@code source} with its codec, its examples passed
     * @throws ProfileException naming the file and the reason
     */
    public static Loaded check(ProfileReader reader, Source source) throws ProfileException {
        ProfileDocument document = reader.read(source.name(), source.bytes());
        PayloadCodec codec = codecOf(document);
        if (codec == null) {
            if (!document.examples().isEmpty()) {
                throw new ProfileException(source.name(), "a GPIO profile has no payload, so no examples");
            }
            return new Loaded(document, null);
        }
        Optional<String> failure = ProfileExamples.firstFailure(document, codec);
        if (failure.isPresent()) {
            throw new ProfileException(source.name(), failure.get());
        }
        return new Loaded(document, codec);
    }

    /** @return the codec of the profile, null for a GPIO profile */
    static PayloadCodec codecOf(ProfileDocument document) {
        return switch (document.codecType()) {
            case "layout" -> new DeclarativeCodec(document.profile(), document.layout());
            case CayenneLppCodec.ID -> new CayenneLppCodec();
            case "senml-json" -> new SenmlJsonCodec();
            case "senml-cbor" -> new SenmlCborCodec();
            default -> null;
        };
    }

    /**
     * @param directory a directory of profiles
     * @return its {@code *.yaml} files in name order
     * @throws IOException if it cannot be listed or a file cannot be read
     */
    public static List<Source> directory(Path directory) throws IOException {
        List<Source> sources = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                if (Files.size(file) > ProfileReader.MAX_BYTES) {
                    sources.add(new Source(file.getFileName().toString(), new byte[ProfileReader.MAX_BYTES + 1]));
                } else {
                    sources.add(new Source(file.getFileName().toString(), Files.readAllBytes(file)));
                }
            }
        }
        return sources;
    }
}
