package org.depthlab.exercises;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.depthlab.BadInputException;

/**
 * The exercises of an {@code exercises/} folder, read and checked once: every sub-folder with
 * a {@code meta.json} is an exercise (see {@link Exercise} for the layout). A malformed
 * exercise is a {@link BadInputException} naming the file and what was expected, so that a
 * teacher adding one sees the mistake at start-up rather than when a student submits.
 */
public final class Catalog {

    /** What an exercise id may look like (it appears in URLs and the book's links). */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private static final Pattern FILE = Pattern.compile("[A-Z][A-Za-z0-9_]{0,63}\\.java");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final Map<String, Exercise> byId;
    private final List<Exercise> all;

    private Catalog(Path root, Map<String, Exercise> byId) {
        this.root = root;
        this.byId = Collections.unmodifiableMap(byId);
        this.all = List.copyOf(byId.values());
    }

    /** Reads every exercise under {@code root}; an absent folder is an empty catalog. */
    public static Catalog load(Path root) {
        Map<String, Exercise> found = new LinkedHashMap<>();
        if (Files.isDirectory(root)) {
            List<Path> dirs;
            try (Stream<Path> s = Files.list(root)) {
                dirs = s.filter(d -> Files.isRegularFile(d.resolve("meta.json"))).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Path d : dirs) {
                Exercise e = read(d);
                found.put(e.id(), e);
            }
        }
        return new Catalog(root, found);
    }

    /**
     * Where depthlab's exercises are when no folder is given: {@code exercises} in the current
     * folder if there is one, else the {@code exercises} folder of the checkout that depthlab
     * was built in (beside its {@code target} folder), else {@code exercises} as a relative path.
     */
    public static Path defaultRoot() {
        Path here = Path.of("exercises");
        if (Files.isDirectory(here)) {
            return here;
        }
        try {
            Path code = Path.of(Catalog.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path checkout = code.getParent() == null ? null : code.getParent().getParent();
            if (checkout != null && Files.isDirectory(checkout.resolve("exercises"))) {
                return checkout.resolve("exercises");
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // No code source (an unusual class loader): fall back to the relative path.
        }
        return here;
    }

    /** The folder the catalog was read from. */
    public Path root() {
        return root;
    }

    /** All exercises, ordered by id. */
    public List<Exercise> all() {
        return all;
    }

    /** The exercise with this id, if there is one. */
    public Optional<Exercise> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The exercise with this id, or a {@link BadInputException} listing the ids there are. */
    public Exercise get(String id) {
        Exercise e = byId.get(id);
        if (e == null) {
            throw new BadInputException("there is no exercise '" + id + "' in " + root + "; there are: "
                    + String.join(", ", byId.keySet()) + ".");
        }
        return e;
    }

    /** Reads and checks one exercise folder. */
    static Exercise read(Path dir) {
        Path metaFile = dir.resolve("meta.json");
        JsonNode meta;
        try {
            meta = JSON.readTree(Files.readString(metaFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BadInputException(metaFile + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse("") + ".", e);
        }
        String id = text(meta, "id", metaFile);
        if (!ID.matcher(id).matches() || !id.equals(dir.getFileName().toString())) {
            throw new BadInputException(metaFile + ": the id must be lower-case letters, digits and dashes, and equal the folder name ("
                    + dir.getFileName() + "), not '" + id + "'.");
        }
        Exercise.Kind kind;
        try {
            kind = Exercise.Kind.valueOf(text(meta, "kind", metaFile).toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(metaFile + ": kind must be java, numeric or choice.");
        }
        List<String> files = new ArrayList<>();
        meta.path("files").forEach(f -> files.add(f.asText()));
        List<Exercise.Option> options = new ArrayList<>();
        meta.path("options").forEach(o -> options.add(new Exercise.Option(o.path("key").asText(), o.path("text").asText())));
        JsonNode l = meta.path("limits");
        Exercise.Limits d = Exercise.Limits.DEFAULT;
        Exercise.Limits limits = new Exercise.Limits(l.path("wallSeconds").asInt(d.wallSeconds()),
                l.path("cpuSeconds").asInt(d.cpuSeconds()), l.path("heapMb").asInt(d.heapMb()));
        Exercise e = new Exercise(id, text(meta, "title", metaFile), text(meta, "chapter", metaFile), kind, files, options,
                meta.path("unit").asText(""), limits, dir);
        check(e, metaFile);
        return e;
    }

    private static void check(Exercise e, Path metaFile) {
        switch (e.kind()) {
            case JAVA -> {
                if (e.files().isEmpty()) {
                    throw new BadInputException(metaFile + ": a java exercise must list the files the student edits.");
                }
                for (String f : e.files()) {
                    if (!FILE.matcher(f).matches()) {
                        throw new BadInputException(metaFile + ": '" + f + "' is not a plain Java file name like RmsNorm.java.");
                    }
                    require(e.dir().resolve("starter").resolve(f));
                    require(e.dir().resolve("reference").resolve(f));
                }
                if (testSources(e).isEmpty()) {
                    throw new BadInputException(e.dir().resolve("tests") + " must hold at least one JUnit test class.");
                }
                Exercise.Limits l = e.limits();
                if (l.wallSeconds() < 1 || l.cpuSeconds() < 1 || l.heapMb() < 16) {
                    throw new BadInputException(metaFile + ": limits must be at least 1 s wall, 1 s CPU and 16 MB heap.");
                }
            }
            case NUMERIC -> require(e.dir().resolve("reference").resolve("answer.json"));
            case CHOICE -> {
                if (e.options().size() < 2) {
                    throw new BadInputException(metaFile + ": a choice exercise needs at least two options.");
                }
                require(e.dir().resolve("reference").resolve("answer.json"));
            }
        }
        require(e.dir().resolve("instructions.md"));
    }

    private static void require(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new BadInputException("the exercise file " + p + " is missing.");
        }
    }

    /** The hidden test sources of a java exercise, by file name. */
    static List<Path> testSources(Exercise e) {
        Path tests = e.dir().resolve("tests");
        if (!Files.isDirectory(tests)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(tests)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".java")).sorted().toList();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String text(JsonNode meta, String field, Path metaFile) {
        JsonNode n = meta.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new BadInputException(metaFile + ": the field '" + field + "' must be a non-empty string.");
        }
        return n.asText();
    }

    /** The file's text, or "" when it does not exist. */
    static String readOrEmpty(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
