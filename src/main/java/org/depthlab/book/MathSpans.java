package org.depthlab.book;

import java.util.ArrayList;
import java.util.List;

/**
 * LaTeX in Markdown, the way the book writes it: {@code $…$} inline and {@code $$…$$} for a
 * displayed equation (which may span lines). A Markdown parser would read the TeX's
 * backslashes, underscores and asterisks as its own syntax, so the math is taken out first —
 * each span replaced by a plain-letter placeholder — and put back, HTML-escaped, into the
 * rendered page as {@code <span class="math inline">} or {@code <div class="math display">},
 * which the page's script typesets with KaTeX. Without script the reader sees the TeX, which
 * is also what a reader of the plain Markdown sees.
 *
 * <p>Code is left alone: nothing inside a fenced block or a backtick span is math. An inline
 * span opens at a {@code $} followed by a non-space and closes at the next {@code $} preceded
 * by a non-space and not followed by a digit, on the same line; {@code \$} is a dollar sign.
 */
public final class MathSpans {

    /** One piece of math: its TeX and whether it is displayed. */
    public record Span(String tex, boolean display) {
    }

    /** Markdown with placeholders, and the spans they stand for (placeholder i is {@link #placeholder(int)}). */
    public record Extracted(String markdown, List<Span> spans) {
    }

    private MathSpans() {
    }

    /** The placeholder of the i-th span: letters and digits only, so Markdown leaves it alone. */
    public static String placeholder(int i) {
        return "MATHxSPANx" + i + "xEND";
    }

    /** Takes the math out of {@code markdown}. */
    public static Extracted extract(String markdown) {
        List<Span> spans = new ArrayList<>();
        StringBuilder out = new StringBuilder(markdown.length());
        String[] lines = markdown.split("\n", -1);
        String fence = null;
        StringBuilder display = null;
        for (int li = 0; li < lines.length; li++) {
            String line = lines[li];
            String end = li < lines.length - 1 ? "\n" : "";
            String trimmed = line.stripLeading();
            if (display == null) {
                if (fence != null) {
                    if (trimmed.startsWith(fence)) {
                        fence = null;
                    }
                    out.append(line).append(end);
                    continue;
                }
                if (line.length() - trimmed.length() < 4 && (trimmed.startsWith("```") || trimmed.startsWith("~~~"))) {
                    fence = trimmed.substring(0, 3);
                    out.append(line).append(end);
                    continue;
                }
            }
            int i = 0;
            if (display != null) {
                int close = line.indexOf("$$");
                if (close < 0) {
                    display.append(line).append('\n');
                    continue;
                }
                display.append(line, 0, close);
                out.append(placeholder(spans.size()));
                spans.add(new Span(display.toString().strip(), true));
                display = null;
                i = close + 2;
            }
            while (i < line.length()) {
                char c = line.charAt(i);
                if (c == '`') {
                    int run = run(line, i, '`');
                    int close = line.indexOf("`".repeat(run), i + run);
                    while (close >= 0 && run(line, close, '`') != run) {
                        close = line.indexOf("`".repeat(run), close + run(line, close, '`'));
                    }
                    int to = close < 0 ? i + run : close + run;
                    out.append(line, i, to);
                    i = to;
                } else if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '$') {
                    out.append("\\$");
                    i += 2;
                } else if (c == '$' && i + 1 < line.length() && line.charAt(i + 1) == '$') {
                    int close = line.indexOf("$$", i + 2);
                    if (close >= 0) {
                        out.append(placeholder(spans.size()));
                        spans.add(new Span(line.substring(i + 2, close).strip(), true));
                        i = close + 2;
                    } else {
                        display = new StringBuilder(line.substring(i + 2)).append('\n');
                        i = line.length();
                    }
                } else if (c == '$' && i + 1 < line.length() && !Character.isWhitespace(line.charAt(i + 1))) {
                    int close = closingDollar(line, i + 1);
                    if (close < 0) {
                        out.append(c);
                        i++;
                    } else {
                        out.append(placeholder(spans.size()));
                        spans.add(new Span(line.substring(i + 1, close), false));
                        i = close + 1;
                    }
                } else {
                    out.append(c);
                    i++;
                }
            }
            if (display == null) {
                out.append(end);
            }
        }
        if (display != null) {
            // An unclosed $$: keep the text as it was written.
            out.append("$$").append(display);
        }
        return new Extracted(out.toString(), spans);
    }

    private static int run(String line, int at, char c) {
        int n = 0;
        while (at + n < line.length() && line.charAt(at + n) == c) {
            n++;
        }
        return n;
    }

    private static int closingDollar(String line, int from) {
        for (int j = from; j < line.length(); j++) {
            char c = line.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == '$') {
                boolean spaceBefore = Character.isWhitespace(line.charAt(j - 1));
                boolean digitAfter = j + 1 < line.length() && Character.isDigit(line.charAt(j + 1));
                if (!spaceBefore && !digitAfter && j > from) {
                    return j;
                }
                if (spaceBefore) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /**
     * The rendered HTML with every placeholder replaced by its math element. A displayed
     * span that CommonMark wrapped in a paragraph of its own loses the paragraph.
     */
    public static String restore(String html, List<Span> spans, java.util.function.UnaryOperator<String> escape) {
        String result = html;
        for (int i = spans.size() - 1; i >= 0; i--) {
            Span s = spans.get(i);
            String ph = placeholder(i);
            String element = s.display()
                    ? "<div class=\"math display\">" + escape.apply(s.tex()) + "</div>"
                    : "<span class=\"math inline\">" + escape.apply(s.tex()) + "</span>";
            if (s.display()) {
                result = result.replace("<p>" + ph + "</p>", element);
            }
            result = result.replace(ph, element);
        }
        return result;
    }
}
