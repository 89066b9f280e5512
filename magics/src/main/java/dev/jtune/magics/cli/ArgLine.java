package dev.jtune.magics.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a magic's argument line into words, the way a shell would for the cases notebook users type:
 * whitespace separates words, and a word that starts with a single or double quote runs to the matching
 * quote. A quote inside a word is literal, so an unquoted prompt like {@code what's my balance} stays
 * readable instead of opening a quote that never closes.
 */
public final class ArgLine {
    private ArgLine() {
    }

    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        if (line == null) {
            return words;
        }
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            char c = line.charAt(i);
            if (c == '"' || c == '\'') {
                int end = closingQuote(line, i + 1, c);
                if (end < 0) {
                    throw new UsageError("The quote " + c + " that starts at column " + (i + 1)
                            + " is never closed; close it, or put long text in the cell body with the %% form of the magic.");
                }
                words.add(unescape(line.substring(i + 1, end), c));
                i = end + 1;
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(line.charAt(i))) {
                    i++;
                }
                words.add(line.substring(start, i));
            }
        }
        return words;
    }

    private static int closingQuote(String line, int from, char quote) {
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return -1;
    }

    private static String unescape(String quoted, char quote) {
        if (quote != '"') {
            return quoted;
        }
        StringBuilder out = new StringBuilder(quoted.length());
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length()) {
                char next = quoted.charAt(i + 1);
                if (next == '"' || next == '\\') {
                    out.append(next);
                    i++;
                    continue;
                }
                if (next == 'n') {
                    out.append('\n');
                    i++;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }
}
