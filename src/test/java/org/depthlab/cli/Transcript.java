package org.depthlab.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A terminal session pasted into the README, as the test that reruns it reads it: a fenced
 * block whose info string starts with {@code console} ({@code console slow} for one that takes
 * too long for {@code mvn verify}), made of commands {@code $ ./depthlab ARGS [> FILE]} (a line
 * ending in {@code \} continues on the next; {@code # …} is a comment), each followed by what
 * it prints — standard output and error interleaved, as a terminal shows them. In the
 * expected lines:
 * <ul>
 *   <li>a line that is only {@code ...} stands for any number of lines, none included;</li>
 *   <li>{@code ~} before a number marks a time, which matches any number;</li>
 *   <li>{@code (stderr)} at the end of a line, after two spaces or more, says the line is
 *       printed on standard error, and is checked;</li>
 *   <li>trailing spaces do not count.</li>
 * </ul>
 * Everything else must be printed exactly as written, so the README and the commands cannot
 * drift apart without a test failing.
 *
 * @param line     the README line number of the block's opening fence
 * @param slow     whether the block is marked {@code console slow}
 * @param commands the block's commands in order
 */
record Transcript(int line, boolean slow, List<Command> commands) {

    /**
     * One command of a transcript.
     *
     * @param text     the command as written, for messages
     * @param args     the arguments after {@code ./depthlab}
     * @param redirect the file standard output goes to ({@code > FILE}), or null
     * @param expected the lines it prints, as written
     */
    record Command(String text, List<String> args, String redirect, List<String> expected) {
    }

    /** One line a command printed, and whether it went to standard error. */
    record Printed(String text, boolean stderr) {
    }

    private static final Pattern STDERR = Pattern.compile("\\s{2,}\\(stderr\\)$");
    private static final Pattern TIME = Pattern.compile("~(?=[0-9])");

    /** Every transcript block of a Markdown text, in order. */
    static List<Transcript> parse(String markdown) {
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
                out.add(new Transcript(i + 1, List.of(info).contains("slow"), commands(lines, i + 1, end)));
            }
            i = end;
        }
        return out;
    }

    private static List<Command> commands(String[] lines, int from, int to) {
        List<Command> commands = new ArrayList<>();
        int i = from;
        while (i < to) {
            if (!lines[i].startsWith("$ ")) {
                throw new IllegalArgumentException("README line " + (i + 1) + ": a console block must start with"
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
            commands.add(command(text.toString().strip(), expected));
        }
        return commands;
    }

    /** Splits a command as a shell would, for the little shell the README uses. */
    private static Command command(String text, List<String> expected) {
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
            throw new IllegalArgumentException("only ./depthlab commands can be checked, not '" + text + "'");
        }
        String redirect = null;
        int gt = words.indexOf(">");
        if (gt >= 0) {
            if (gt != words.size() - 2) {
                throw new IllegalArgumentException("'> FILE' must end the command: " + text);
            }
            redirect = words.get(gt + 1);
            words = words.subList(0, gt);
        }
        return new Command(text, List.copyOf(words.subList(1, words.size())), redirect, List.copyOf(expected));
    }

    /**
     * Whether {@code printed} is what {@code expected} says, line by line; {@code ...} lines
     * match any run of lines.
     */
    static boolean matches(List<String> expected, List<Printed> printed) {
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

    /** One expected line against one printed line: exact, but for times and trailing spaces. */
    static boolean lineMatches(String expected, Printed printed) {
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
        Matcher time = TIME.matcher(text);
        while (time.find()) {
            regex.append(Pattern.quote(text.substring(from, time.start()))).append("[0-9][0-9,.]*");
            from = time.end();
            while (from < text.length() && (Character.isDigit(text.charAt(from)) || text.charAt(from) == '.'
                    || text.charAt(from) == ',')) {
                from++;
            }
        }
        regex.append(Pattern.quote(text.substring(from)));
        return printed.text().stripTrailing().matches(regex.toString());
    }
}
