package org.depthlab.book;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a named piece of a Java source file, so that the book can quote the code as it is
 * today instead of a copy that drifts: a method or constructor (with its Javadoc and
 * annotations), a type (class, record, interface, enum), or a region marked in the source by
 * a line comment {@code // region NAME} and closed by {@code // endregion}.
 *
 * <p>A name that is declared more than once (overloads) is chosen with {@code NAME:K}, the
 * K-th declaration from the top of the file. The search is textual — declarations are
 * recognised by their shape and bodies by counting braces outside strings, characters and
 * comments — which is enough for the project's own code and fails loudly, with a reason, on
 * anything it cannot resolve.
 */
public final class SourceRegions {

    private static final Pattern REGION = Pattern.compile("^\\s*//\\s*region\\s+(\\S+)\\s*$");
    private static final Pattern END_REGION = Pattern.compile("^\\s*//\\s*endregion\\b.*$");
    private static final Pattern MODIFIERS = Pattern.compile(
            "^\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s+)*(?:(?:public|private|protected|static|final|abstract|synchronized"
                    + "|default|native|sealed|non-sealed|strictfp)\\s+)*");

    private SourceRegions() {
    }

    /** Why a piece could not be found. */
    public static final class NotFound extends Exception {
        NotFound(String message) {
            super(message);
        }
    }

    /**
     * The lines of the piece called {@code name} in {@code source}, without their common
     * indentation.
     *
     * @throws NotFound if there is no such piece, or the name is ambiguous
     */
    public static String find(String source, String name) throws NotFound {
        String base = name;
        int which = 0;
        int colon = name.lastIndexOf(':');
        if (colon > 0) {
            base = name.substring(0, colon);
            try {
                which = Integer.parseInt(name.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new NotFound("'" + name + "': the part after ':' must be a number (the K-th declaration)");
            }
            if (which < 1) {
                throw new NotFound("'" + name + "': declarations are counted from 1");
            }
        }
        List<String> lines = source.lines().toList();
        List<int[]> regions = regions(lines, base);
        if (!regions.isEmpty()) {
            int[] r = regions.get(0);
            return dedent(lines.subList(r[0], r[1]));
        }
        List<int[]> declarations = declarations(lines, base);
        if (declarations.isEmpty()) {
            throw new NotFound("no method, type or region named '" + base + "'");
        }
        if (which == 0 && declarations.size() > 1) {
            throw new NotFound("'" + base + "' is declared " + declarations.size() + " times; say which with '"
                    + base + ":K' (K from 1)");
        }
        if (which > declarations.size()) {
            throw new NotFound("'" + base + "' is declared only " + declarations.size() + " time(s), not " + which);
        }
        int[] d = declarations.get(Math.max(0, which - 1));
        return dedent(lines.subList(d[0], d[1]));
    }

    /** The [first, end) line ranges between {@code // region name} and its {@code // endregion}. */
    private static List<int[]> regions(List<String> lines, String name) {
        List<int[]> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = REGION.matcher(lines.get(i));
            if (m.matches() && m.group(1).equals(name)) {
                int depth = 0;
                for (int j = i + 1; j < lines.size(); j++) {
                    if (REGION.matcher(lines.get(j)).matches()) {
                        depth++;
                    } else if (END_REGION.matcher(lines.get(j)).matches()) {
                        if (depth == 0) {
                            found.add(new int[] {i + 1, j});
                            break;
                        }
                        depth--;
                    }
                }
            }
        }
        return found;
    }

    /** The [first, end) line ranges of every declaration of {@code name}, Javadoc included. */
    private static List<int[]> declarations(List<String> lines, String name) {
        Pattern method = Pattern.compile("(?:^|[\\s>\\]])" + Pattern.quote(name) + "\\s*\\(");
        Pattern type = Pattern.compile("\\b(?:class|record|interface|enum)\\s+" + Pattern.quote(name) + "\\b");
        List<int[]> found = new ArrayList<>();
        boolean inBlockComment = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (inBlockComment) {
                inBlockComment = !trimmed.contains("*/");
                continue;
            }
            if (trimmed.startsWith("/*")) {
                inBlockComment = !trimmed.contains("*/");
                continue;
            }
            if (trimmed.startsWith("//") || trimmed.startsWith("*")) {
                continue;
            }
            boolean isType = type.matcher(line).find() && MODIFIERS.matcher(line).lookingAt();
            boolean isMethod = !isType && looksLikeMethod(line, method);
            if (!isType && !isMethod) {
                continue;
            }
            int end = endOfBody(lines, i);
            if (end < 0) {
                continue;
            }
            found.add(new int[] {startWithDoc(lines, i), end});
        }
        return found;
    }

    private static final Pattern TYPE = Pattern.compile(
            "(?:<[^>]*>\\s+)?[\\w.]+(?:<[\\w<>?,\\s.\\[\\]]*>)?(?:\\[\\])*");
    private static final java.util.Set<String> STATEMENTS = java.util.Set.of("return", "new", "throw", "else", "case",
            "yield", "assert", "this", "super");

    /** A method or constructor declaration: modifiers, an optional type, the name, "(" — not a call. */
    private static boolean looksLikeMethod(String line, Pattern method) {
        Matcher m = method.matcher(line);
        if (!m.find()) {
            return false;
        }
        int nameAt = line.indexOf('(', m.start());
        while (nameAt > 0 && Character.isWhitespace(line.charAt(nameAt - 1))) {
            nameAt--;
        }
        while (nameAt > 0 && Character.isJavaIdentifierPart(line.charAt(nameAt - 1))) {
            nameAt--;
        }
        String before = line.substring(0, nameAt);
        Matcher mods = MODIFIERS.matcher(before);
        if (!mods.lookingAt()) {
            return false;
        }
        String type = before.substring(mods.end()).strip();
        if (type.isEmpty()) {
            // A constructor: named like a class, and not a call statement.
            return Character.isUpperCase(line.charAt(nameAt)) && !line.strip().endsWith(";");
        }
        return TYPE.matcher(type).matches() && !STATEMENTS.contains(type);
    }

    /** The line after the closing brace of the body that starts at or after line {@code from}; -1 if none. */
    private static int endOfBody(List<String> lines, int from) {
        int depth = 0;
        boolean opened = false;
        boolean inBlockComment = false;
        for (int i = from; i < lines.size(); i++) {
            String line = lines.get(i);
            for (int c = 0; c < line.length(); c++) {
                char ch = line.charAt(c);
                if (inBlockComment) {
                    if (ch == '*' && c + 1 < line.length() && line.charAt(c + 1) == '/') {
                        inBlockComment = false;
                        c++;
                    }
                    continue;
                }
                if (ch == '/' && c + 1 < line.length() && line.charAt(c + 1) == '/') {
                    break;
                }
                if (ch == '/' && c + 1 < line.length() && line.charAt(c + 1) == '*') {
                    inBlockComment = true;
                    c++;
                    continue;
                }
                if (ch == '"' || ch == '\'') {
                    c = skipLiteral(line, c);
                    continue;
                }
                if (ch == ';' && !opened) {
                    return i + 1; // an abstract or interface method: no body
                }
                if (ch == '{') {
                    depth++;
                    opened = true;
                } else if (ch == '}') {
                    depth--;
                    if (opened && depth == 0) {
                        return i + 1;
                    }
                }
            }
        }
        return -1;
    }

    /** The index of the closing quote of the string or character literal opening at {@code at}. */
    private static int skipLiteral(String line, int at) {
        char quote = line.charAt(at);
        for (int c = at + 1; c < line.length(); c++) {
            char ch = line.charAt(c);
            if (ch == '\\') {
                c++;
            } else if (ch == quote) {
                return c;
            }
        }
        return line.length();
    }

    /** The first line of the declaration at {@code at}, moved up over its annotations and Javadoc. */
    private static int startWithDoc(List<String> lines, int at) {
        int start = at;
        while (start > 0) {
            String above = lines.get(start - 1).strip();
            if (above.startsWith("@")) {
                start--;
            } else if (above.endsWith("*/")) {
                int open = start - 1;
                while (open >= 0 && !lines.get(open).strip().startsWith("/**") && !lines.get(open).strip().startsWith("/*")) {
                    open--;
                }
                if (open < 0) {
                    break;
                }
                start = open;
            } else {
                break;
            }
        }
        return start;
    }

    /** The lines joined, without the indentation they all share. */
    static String dedent(List<String> lines) {
        int common = Integer.MAX_VALUE;
        for (String l : lines) {
            if (!l.isBlank()) {
                int n = 0;
                while (n < l.length() && l.charAt(n) == ' ') {
                    n++;
                }
                common = Math.min(common, n);
            }
        }
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            b.append(l.isBlank() ? "" : l.substring(Math.min(common, l.length()))).append('\n');
        }
        return b.toString();
    }
}
