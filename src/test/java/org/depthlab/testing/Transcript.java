package org.depthlab.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A terminal session pasted into the README or a chapter of the book, as the tests that rerun
 * it read it ({@link TranscriptSession} runs it). This is the one description of the syntax;
 * the README and the book follow it alike.
 *
 * <p>A transcript is a fenced block whose info string starts with {@code console}
 * ({@code console slow} for one that takes too long for {@code mvn verify}; it runs with
 * {@code -Pslow}). It is made of commands {@code $ ./depthlab ARGS [> FILE]} — a line ending in
 * {@code \} continues on the next, {@code # …} starts a comment, quotes group words as a shell
 * does — each followed by what it prints: standard output and standard error as a terminal
 * shows them. A block holds one command or several; later ones see the files earlier ones
 * wrote. In the expected lines:
 * <ul>
 *   <li>a line that is only {@code ...} (indented or not) stands for any number of lines, none
 *       included; {@code ...} inside a line is literal;</li>
 *   <li>{@code ~} before a number marks a time, which matches any number; the spaces before
 *       it match any run of one or more spaces, since a time in a right-aligned column
 *       moves with the number of its digits;</li>
 *   <li>{@code …} stands for any text within the line;</li>
 *   <li>{@code (stderr)} at the end of a line, after two spaces or more, says the line is
 *       printed on standard error, and is checked; a line without it may come from either
 *       stream;</li>
 *   <li>a command none of whose lines is marked {@code (stderr)} claims nothing about which
 *       stream printed what, so its lines may also follow all of standard output and then all
 *       of standard error (the order of a capture that reads the two streams one after the
 *       other), instead of the terminal's interleaving;</li>
 *   <li>trailing spaces, and blank lines at the end of a command's output, do not count.</li>
 * </ul>
 * Everything else must be printed exactly as written, so the text and the commands cannot drift
 * apart without a test failing. A command must exit with 0, or with 1, which the command line
 * keeps for a negative answer that is still an answer (solve: a puzzle left unsolved); 2 or more
 * (bad input, a bug) fails whatever it printed.
 *
 * @param source   the file the block is in, for messages
 * @param line     the line number of the block's opening fence
 * @param slow     whether the block is marked {@code console slow}
 * @param commands the block's commands in order
 */
public record Transcript(String source, int line, boolean slow, List<Command> commands) {

    /**
     * One command of a transcript.
     *
     * @param text     the command as written, for messages
     * @param args     the arguments after {@code ./depthlab}
     * @param redirect the file standard output goes to ({@code > FILE}), or null
     * @param expected the lines it prints, as written
     */
    public record Command(String text, List<String> args, String redirect, List<String> expected) {
    }

    /** One line a command printed, and whether it went to standard error. */
    public record Printed(String text, boolean stderr) {
    }

    public Transcript {
        commands = List.copyOf(commands);
    }

    private static final Pattern STDERR = Pattern.compile("\\s{2,}\\(stderr\\)$");
    /** A time ({@code ~} and the number it stands for, with the spaces before it) or any text ({@code …}). */
    private static final Pattern WILDCARD = Pattern.compile("( *)~[0-9][0-9,.]*|…");

    /** Every transcript block of a Markdown text, in order; {@code source} names the text in messages. */
    public static List<Transcript> parse(String source, String markdown) {
        List<Transcript> out = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String fence = lines[i].strip();
            if (!fence.startsWith("```")) {
                continue;
            }
            String[] info = fence.substring(3).strip().split("\\s+");
            int end = i + 1;
            while (end < lines.length && !lines[end].strip().startsWith("```")) {
                end++;
            }
            if (info[0].equals("console")) {
                out.add(new Transcript(source, i + 1, List.of(info).contains("slow"),
                        commands(source, lines, i + 1, end)));
            }
            i = end;
        }
        return out;
    }

    private static List<Command> commands(String source, String[] lines, int from, int to) {
        List<Command> commands = new ArrayList<>();
        int i = from;
        while (i < to) {
            if (!lines[i].startsWith("$ ")) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": a console block must start with"
                        + " '$ ./depthlab', not '" + lines[i] + "'");
            }
            StringBuilder text = new StringBuilder(lines[i].substring(2));
            while (text.toString().endsWith("\\") && i + 1 < to) {
                text.setLength(text.length() - 1);
                text.append(' ').append(lines[++i].strip());
            }
            i++;
            List<String> expected = new ArrayList<>();
            while (i < to && !lines[i].startsWith("$ ")) {
                expected.add(lines[i++]);
            }
            while (!expected.isEmpty() && expected.get(expected.size() - 1).isBlank()) {
                expected.remove(expected.size() - 1);
            }
            commands.add(command(source, text.toString().strip(), expected));
        }
        return commands;
    }

    /** Splits a command as a shell would, for the little shell the transcripts use. */
    private static Command command(String source, String text, List<String> expected) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (c == '#' && word == null) {
                break;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        if (words.isEmpty() || !words.get(0).equals("./depthlab")) {
            throw new IllegalArgumentException(source + ": only ./depthlab commands can be checked, not '" + text + "'");
        }
        String redirect = null;
        int gt = words.indexOf(">");
        if (gt >= 0) {
            if (gt != words.size() - 2) {
                throw new IllegalArgumentException(source + ": '> FILE' must end the command: " + text);
            }
            redirect = words.get(gt + 1);
            words = words.subList(0, gt);
        }
        return new Command(text, List.copyOf(words.subList(1, words.size())), redirect, List.copyOf(expected));
    }

    /**
     * Whether {@code printed} (in the terminal's order) is what {@code expected} says, line by
     * line: {@code ...} lines match any run of lines; a command with no line marked
     * {@code (stderr)} may also match standard output followed by standard error.
     */
    public static boolean matches(List<String> expected, List<Printed> printed) {
        if (inOrder(expected, printed)) {
            return true;
        }
        if (expected.stream().anyMatch(e -> STDERR.matcher(e.stripTrailing()).find())) {
            return false;
        }
        List<Printed> streams = new ArrayList<>(printed.stream().filter(p -> !p.stderr()).toList());
        streams.addAll(printed.stream().filter(Printed::stderr).toList());
        return inOrder(expected, streams);
    }

    private static boolean inOrder(List<String> expected, List<Printed> printed) {
        return matches(expected, 0, printed, 0, new HashMap<>());
    }

    private static boolean matches(List<String> expected, int e, List<Printed> printed, int p,
                                   Map<Long, Boolean> memo) {
        long key = (long) e << 32 | p;
        Boolean known = memo.get(key);
        if (known != null) {
            return known;
        }
        boolean result;
        if (e == expected.size()) {
            result = p == printed.size();
        } else if (expected.get(e).strip().equals("...")) {
            result = false;
            for (int q = p; q <= printed.size() && !result; q++) {
                result = matches(expected, e + 1, printed, q, memo);
            }
        } else {
            result = p < printed.size() && lineMatches(expected.get(e), printed.get(p))
                    && matches(expected, e + 1, printed, p + 1, memo);
        }
        memo.put(key, result);
        return result;
    }

    /** One expected line against one printed line: exact, but for its stream mark, wildcards and trailing spaces. */
    public static boolean lineMatches(String expected, Printed printed) {
        String text = expected.stripTrailing();
        Matcher stderr = STDERR.matcher(text);
        if (stderr.find()) {
            if (!printed.stderr()) {
                return false;
            }
            text = text.substring(0, stderr.start()).stripTrailing();
        }
        StringBuilder regex = new StringBuilder();
        int from = 0;
        Matcher wildcard = WILDCARD.matcher(text);
        while (wildcard.find()) {
            regex.append(Pattern.quote(text.substring(from, wildcard.start())))
                    .append(wildcard.group().equals("…") ? ".*"
                            : (wildcard.group(1).isEmpty() ? "" : " +") + "[0-9][0-9,.]*");
            from = wildcard.end();
        }
        regex.append(Pattern.quote(text.substring(from)));
        return printed.text().stripTrailing().matches(regex.toString());
    }
}
