package dev.jtune.trainer.text;

import java.util.function.UnaryOperator;

/**
 * The walk that the template rewrites share: every {@code {{ }}} and {@code {% %}} tag's body goes through a rewrite,
 * while comments, text between tags and quoted strings (where a {@code }}} closes nothing) stay as written.
 */
final class JinjaTags {

    private JinjaTags() {
    }

    /** {@code source} with each tag body replaced by {@code rewrite(body)}; an unclosed tag is left as it is. */
    static String mapBodies(String source, UnaryOperator<String> rewrite) {
        StringBuilder out = new StringBuilder(source.length() + 32);
        int i = 0;
        int n = source.length();
        while (i < n) {
            if (source.startsWith("{#", i)) {
                int end = source.indexOf("#}", i + 2);
                int stop = end < 0 ? n : end + 2;
                out.append(source, i, stop);
                i = stop;
            } else if (source.startsWith("{{", i) || source.startsWith("{%", i)) {
                String close = source.startsWith("{{", i) ? "}}" : "%}";
                int end = findClose(source, i + 2, close);
                if (end < 0) {
                    out.append(source, i, n);
                    break;
                }
                out.append(source, i, i + 2).append(rewrite.apply(source.substring(i + 2, end))).append(close);
                i = end + 2;
            } else {
                out.append(source.charAt(i++));
            }
        }
        return out.toString();
    }

    /** The index just past the string literal that starts at {@code start} (its quote), escapes skipped. */
    static int stringEnd(String s, int start) {
        char quote = s.charAt(start);
        int j = start + 1;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (c == '\\') {
                j += 2;
                continue;
            }
            if (c == quote) {
                return j + 1;
            }
            j++;
        }
        return j;
    }

    private static int findClose(String s, int from, String close) {
        int j = from;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (c == '\'' || c == '"') {
                j = stringEnd(s, j);
                continue;
            }
            if (s.startsWith(close, j)) {
                return j;
            }
            j++;
        }
        return -1;
    }
}
