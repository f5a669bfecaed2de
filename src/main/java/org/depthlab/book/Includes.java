package org.depthlab.book;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The book's code markers: a line {@code {{code models/Hrm.java#hiddenSteps}}} in a chapter
 * stands for that method as the source says today, so the book shows the code that runs and
 * cannot drift from it. The path is relative to {@code src/main/java/org/depthlab/}, or to
 * the project when it starts with {@code src/}; the name is a method, a type or a region
 * (see {@link SourceRegions}).
 *
 * <p>{@link #expand} replaces every marker by a fenced Java block and a line naming where it
 * comes from, with a link to the whole file. A marker that no longer resolves becomes a
 * visible note in the text and is reported, and the book's tests fail on it.
 */
public final class Includes {

    /** A marker alone on its line. */
    public static final Pattern MARKER = Pattern.compile("^\\{\\{code\\s+([A-Za-z0-9_./-]+\\.java)#([A-Za-z0-9_:]+)\\}\\}\\s*$",
            Pattern.MULTILINE);

    private static final String MAIN = "src/main/java/org/depthlab/";

    /** One marker: the file as written, the piece's name, and the line it is on (from 1). */
    public record Marker(String path, String name, int line) {

        /** The marker as written. */
        @Override
        public String toString() {
            return "{{code " + path + "#" + name + "}}";
        }
    }

    private final Path projectRoot;

    /** Markers resolved against the project in {@code projectRoot}. */
    public Includes(Path projectRoot) {
        this.projectRoot = projectRoot;
    }

    /** The markers in {@code markdown}, in order. */
    public static List<Marker> markers(String markdown) {
        List<Marker> found = new ArrayList<>();
        Matcher m = MARKER.matcher(markdown);
        while (m.find()) {
            int line = 1 + (int) markdown.substring(0, m.start()).chars().filter(c -> c == '\n').count();
            found.add(new Marker(m.group(1), m.group(2), line));
        }
        return found;
    }

    /** The file a marker names, relative to the project ({@code src/main/java/org/depthlab/…}). */
    public static String projectPath(Marker marker) {
        return marker.path().startsWith("src/") ? marker.path() : MAIN + marker.path();
    }

    /**
     * The code a marker stands for.
     *
     * @throws SourceRegions.NotFound with the reason when the file or the piece is missing
     */
    public String resolve(Marker marker) throws SourceRegions.NotFound {
        String relative = projectPath(marker);
        if (relative.contains("..")) {
            throw new SourceRegions.NotFound(marker + ": the path may not contain '..'");
        }
        Path file = projectRoot.resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new SourceRegions.NotFound(marker + ": there is no file " + relative);
        }
        String source;
        try {
            source = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SourceRegions.NotFound(marker + ": cannot read " + relative + " (" + e.getMessage() + ")");
        }
        try {
            return SourceRegions.find(source, marker.name());
        } catch (SourceRegions.NotFound e) {
            throw new SourceRegions.NotFound(marker + ": " + e.getMessage() + " in " + relative);
        }
    }

    /**
     * {@code markdown} with every marker replaced by its code; each marker that does not
     * resolve is passed to {@code problems} and shown as a note in place of the code.
     * Links in the result are relative to the book's folder, as the chapters' own are.
     */
    public String expand(String markdown, Consumer<String> problems) {
        Matcher m = MARKER.matcher(markdown);
        StringBuilder b = new StringBuilder(markdown.length() + 4096);
        int line = 1;
        int last = 0;
        while (m.find()) {
            line += (int) markdown.substring(last, m.start()).chars().filter(c -> c == '\n').count();
            last = m.start();
            Marker marker = new Marker(m.group(1), m.group(2), line);
            String replacement;
            try {
                String code = resolve(marker);
                String fence = code.contains("```") ? "~~~~" : "```";
                replacement = fence + "java\n" + code + fence + "\n\n*From [`" + marker.path() + "`](../"
                        + projectPath(marker) + "), `" + marker.name() + "`.*\n";
            } catch (SourceRegions.NotFound e) {
                problems.accept("line " + line + ": " + e.getMessage());
                replacement = "> **Missing code:** " + e.getMessage().replace("{{", "{ {") + "\n";
            }
            m.appendReplacement(b, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(b);
        return b.toString();
    }
}
