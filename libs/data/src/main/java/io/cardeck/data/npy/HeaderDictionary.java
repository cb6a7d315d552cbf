package io.cardeck.data.npy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Python literal of a .npy header: a dict with string keys whose values are strings,
 * {@code True}/{@code False}/{@code None}, integers, and tuples or lists of those. That is all
 * numpy writes there; anything else is rejected rather than evaluated.
 */
final class HeaderDictionary {

    private final String text;
    private int at;

    private HeaderDictionary(String text) {
        this.text = text;
    }

    /** Keys to String, Boolean, Long, null or List values; IllegalArgumentException says where parsing failed. */
    static Map<String, Object> parse(String text) {
        HeaderDictionary parser = new HeaderDictionary(text);
        Map<String, Object> dictionary = parser.dictionary();
        parser.skipSpace();
        if (parser.at != text.length()) {
            throw parser.error("unexpected text after the dict");
        }
        return dictionary;
    }

    private Map<String, Object> dictionary() {
        expect('{');
        Map<String, Object> entries = new LinkedHashMap<>();
        while (!consume('}')) {
            skipSpace();
            if (at >= text.length() || (text.charAt(at) != '\'' && text.charAt(at) != '"')) {
                throw error("expected a quoted key");
            }
            String key = string();
            expect(':');
            if (entries.containsKey(key)) {
                throw error("key '" + key + "' appears twice");
            }
            entries.put(key, value());
            if (!consume(',')) {
                expect('}');
                break;
            }
        }
        return entries;
    }

    private Object value() {
        skipSpace();
        if (at >= text.length()) {
            throw error("expected a value");
        }
        char c = text.charAt(at);
        if (c == '\'' || c == '"') {
            return string();
        }
        if (c == '(' || c == '[') {
            return sequence(c == '(' ? ')' : ']');
        }
        if (c == '-' || Character.isDigit(c)) {
            return integer();
        }
        for (String word : List.of("True", "False", "None")) {
            if (text.startsWith(word, at)) {
                at += word.length();
                return word.equals("None") ? null : Boolean.valueOf(word.equals("True"));
            }
        }
        throw error("unsupported value");
    }

    private List<Object> sequence(char close) {
        at++;
        List<Object> items = new ArrayList<>();
        while (!consume(close)) {
            items.add(value());
            if (!consume(',')) {
                expect(close);
                break;
            }
        }
        return items;
    }

    private Long integer() {
        int start = at;
        if (text.charAt(at) == '-') {
            at++;
        }
        while (at < text.length() && Character.isDigit(text.charAt(at))) {
            at++;
        }
        try {
            long value = Long.parseLong(text.substring(start, at));
            // Python 2 wrote long integers with an L suffix.
            if (at < text.length() && text.charAt(at) == 'L') {
                at++;
            }
            return value;
        } catch (NumberFormatException e) {
            throw error("bad integer '" + text.substring(start, at) + "'");
        }
    }

    private String string() {
        char quote = text.charAt(at++);
        int end = text.indexOf(quote, at);
        if (end < 0) {
            throw error("unterminated string");
        }
        String value = text.substring(at, end);
        if (value.indexOf('\\') >= 0) {
            throw error("escapes in strings are not supported");
        }
        at = end + 1;
        return value;
    }

    private void expect(char c) {
        if (!consume(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private boolean consume(char c) {
        skipSpace();
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException(problem + " at character " + at + " of header " + text.strip());
    }
}
