package org.depthlab.exercises;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.depthlab.BadInputException;

/**
 * What a student hands in: source files for a {@code java} exercise, or one answer for a
 * {@code numeric} or {@code choice} exercise.
 *
 * @param files source file name to text (kind java); empty otherwise
 * @param answer the answer as typed or chosen (kinds numeric and choice); empty otherwise
 */
public record Submission(Map<String, String> files, String answer) {

    /** The most source text a submission may hold, all files together, in UTF-8 bytes. */
    public static final int MAX_SOURCE_BYTES = 64 * 1024;

    /** The longest answer accepted, in characters. */
    public static final int MAX_ANSWER_CHARS = 200;

    public Submission {
        files = Map.copyOf(new LinkedHashMap<>(files));
        answer = answer == null ? "" : answer;
        long bytes = files.values().stream().mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length).sum();
        if (bytes > MAX_SOURCE_BYTES) {
            throw new BadInputException("the submitted source is " + bytes + " bytes; at most " + MAX_SOURCE_BYTES
                    + " are accepted.");
        }
        if (answer.length() > MAX_ANSWER_CHARS) {
            throw new BadInputException("the answer is " + answer.length() + " characters long; at most "
                    + MAX_ANSWER_CHARS + " are accepted.");
        }
    }

    /** Source files for a java exercise; files the exercise lists but this omits are graded as their starter. */
    public static Submission code(Map<String, String> files) {
        return new Submission(files, "");
    }

    /** One source file for a java exercise. */
    public static Submission code(String fileName, String text) {
        return new Submission(Map.of(fileName, text), "");
    }

    /** The answer to a numeric or choice exercise. */
    public static Submission answer(String answer) {
        return new Submission(Map.of(), answer);
    }
}
