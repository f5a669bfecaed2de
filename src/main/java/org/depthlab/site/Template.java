package org.depthlab.site;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page template from {@code web/templates/} (on the class path, so the jar carries them):
 * HTML with {@code {{name}}} places. {@link #render} fills each place with a value through
 * {@link Html#render}, so text is escaped and only {@link Html.Safe} fragments go in as
 * markup — the template engine auto-escapes, in thirty lines.
 */
public final class Template {

    private static final Pattern PLACE = Pattern.compile("\\{\\{([a-zA-Z][a-zA-Z0-9]*)\\}\\}");

    private final String name;
    private final String text;

    private Template(String name, String text) {
        this.name = name;
        this.text = text;
    }

    /** Loads {@code web/templates/<name>.html} from the class path. */
    public static Template load(String name) {
        String path = "/web/templates/" + name + ".html";
        try (InputStream in = Template.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the template " + path + " is not on the class path");
            }
            return new Template(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The template with every place filled; a place without a value is a bug. */
    public Html.Safe render(Map<String, ?> values) {
        Matcher m = PLACE.matcher(text);
        StringBuilder b = new StringBuilder(text.length() + 256);
        while (m.find()) {
            Object v = values.get(m.group(1));
            if (v == null) {
                throw new IllegalStateException("the template " + name + " needs a value for " + m.group(1));
            }
            m.appendReplacement(b, Matcher.quoteReplacement(Html.render(v)));
        }
        m.appendTail(b);
        return new Html.Safe(b.toString());
    }
}
