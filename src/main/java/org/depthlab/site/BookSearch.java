package org.depthlab.site;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The book's search: a section matches when its heading or text contains every word of the
 * query, in any order and any case; matches come in reading order, each with a snippet
 * around the first word. The static book's script ({@code web/static/search.js}) applies the
 * same rule to the same sections, so both find the same places.
 */
final class BookSearch {

    /** A matching section and a snippet of its text. */
    record Hit(BookPages.Section section, String snippet) {
    }

    private BookSearch() {
    }

    static List<Hit> search(List<BookPages.Section> sections, String query, int limit) {
        List<String> words = Arrays.stream(query.toLowerCase(Locale.ROOT).split("\\s+")).filter(w -> !w.isEmpty()).toList();
        List<Hit> hits = new ArrayList<>();
        if (words.isEmpty()) {
            return hits;
        }
        for (BookPages.Section s : sections) {
            String text = s.text();
            String haystack = (s.heading() + " " + text).toLowerCase(Locale.ROOT);
            if (words.stream().allMatch(haystack::contains)) {
                hits.add(new Hit(s, snippet(text, words.get(0))));
                if (hits.size() == limit) {
                    break;
                }
            }
        }
        return hits;
    }

    private static String snippet(String text, String word) {
        int at = text.toLowerCase(Locale.ROOT).indexOf(word);
        if (at < 0) {
            return text.length() <= 160 ? text : text.substring(0, 160) + " …";
        }
        int from = Math.max(0, at - 70);
        int to = Math.min(text.length(), at + word.length() + 90);
        return (from > 0 ? "… " : "") + text.substring(from, to) + (to < text.length() ? " …" : "");
    }
}
