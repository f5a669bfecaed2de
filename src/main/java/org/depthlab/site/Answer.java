package org.depthlab.site;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a student submits: the source files of a {@code java} exercise (file name to text, in
 * the exercise's order), or the answer of a {@code numeric} or {@code choice} exercise.
 * Exactly one of the two is present.
 *
 * @param files the sources, empty for an answer
 * @param answer the answer, null for sources
 */
public record Answer(Map<String, String> files, String answer) {

    public Answer {
        files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
        if (files.isEmpty() == (answer == null)) {
            throw new IllegalArgumentException("an answer is either source files or one answer");
        }
    }

    /** An answer to a numeric or choice exercise. */
    public static Answer of(String answer) {
        return new Answer(Map.of(), answer);
    }

    /** Source files. */
    public static Answer ofFiles(Map<String, String> files) {
        return new Answer(files, null);
    }

    /** The size of what was submitted in UTF-8 bytes (the limit on source is 64 KiB). */
    public long bytes() {
        long n = answer == null ? 0 : utf8(answer);
        for (String text : files.values()) {
            n += utf8(text);
        }
        return n;
    }

    private static long utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
