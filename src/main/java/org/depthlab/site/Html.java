package org.depthlab.site;

import java.util.Collection;
import java.util.function.Function;

/**
 * HTML that is safe by construction. Every page of the site is text from a trusted template
 * with values put into it, and a value is escaped unless it is already {@link Safe} — HTML
 * built here or rendered from the book's Markdown. So a student's code, an exercise title or
 * a grader's message can never become markup: forgetting to escape is impossible, only
 * deciding not to (by wrapping a string in {@code Safe}) is.
 *
 * <p>Escaping follows the OWASP rule for HTML text and quoted attribute values: the five
 * characters {@code & < > " '} become entities.
 */
public final class Html {

    private Html() {
    }

    /** A fragment of HTML that is inserted as it is. */
    public record Safe(String html) {
        @Override
        public String toString() {
            return html;
        }
    }

    /** The empty fragment. */
    public static final Safe EMPTY = new Safe("");

    /** {@code text} with the five HTML-special characters replaced by entities. */
    public static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A value as HTML: a {@link Safe} as it is, anything else as escaped text. */
    public static String render(Object value) {
        if (value instanceof Safe s) {
            return s.html();
        }
        return escape(String.valueOf(value));
    }

    /**
     * Formats a trusted HTML pattern whose {@code %s} places take {@code args}, each escaped
     * unless it is {@link Safe}: {@code Html.of("<li>%s</li>", title)}.
     */
    public static Safe of(String pattern, Object... args) {
        StringBuilder b = new StringBuilder(pattern.length() + 32);
        int next = 0;
        int from = 0;
        for (int at = pattern.indexOf("%s"); at >= 0; at = pattern.indexOf("%s", from)) {
            if (next >= args.length) {
                throw new IllegalArgumentException("too few values for the pattern " + pattern);
            }
            b.append(pattern, from, at).append(render(args[next++]));
            from = at + 2;
        }
        if (next != args.length) {
            throw new IllegalArgumentException("too many values for the pattern " + pattern);
        }
        return new Safe(b.append(pattern.substring(from)).toString());
    }

    /** The fragments of {@code items}, one after the other. */
    public static <T> Safe join(Collection<T> items, Function<T, Safe> each) {
        StringBuilder b = new StringBuilder();
        for (T t : items) {
            b.append(each.apply(t).html());
        }
        return new Safe(b.toString());
    }

    /** Joins fragments. */
    public static Safe concat(Safe... parts) {
        StringBuilder b = new StringBuilder();
        for (Safe p : parts) {
            b.append(p.html());
        }
        return new Safe(b.toString());
    }
}
