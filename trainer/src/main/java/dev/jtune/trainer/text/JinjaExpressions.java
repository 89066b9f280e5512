package dev.jtune.trainer.text;

/**
 * Rewrites Jinja2 expressions that Jinjava parses differently or not at all, before it parses a template (its
 * {@code not} precedence is {@link JinjaNotPrecedence}'s job).
 *
 * <p>Keyword arguments get Jinja2's scope. In Jinja2 the value of {@code name=}
 * in a call is a whole expression ({@code namespace(last_query_index=messages|length - 1)}, in Qwen3's template);
 * Jinjava ends it at the first binary operator, so {@code - 1} is applied to the keyword argument itself and
 * rendering fails ("Cannot coerce NamedParameter to Long"). Each keyword argument's value gets explicit parentheses,
 * up to the next comma or closing parenthesis of the call.
 *
 * <p>The reversing slice {@code seq[::-1]} (Qwen3's template walks its messages backwards with it), which Jinjava
 * cannot parse, becomes the {@code reverse} filter.
 */
final class JinjaExpressions {

    private JinjaExpressions() {
    }

    static String rewrite(String source) {
        if (!source.contains("=") && !source.contains("[::-1]")) {
            return source;
        }
        StringBuilder out = new StringBuilder(source.length() + 16);
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
                String body = source.substring(i + 2, end);
                // Macro definitions' defaults (name='x') are parameters, not call arguments: left as written.
                boolean definition = body.replaceFirst("^[-+]?\\s*", "").startsWith("macro");
                out.append(source, i, i + 2).append(definition ? body : expression(body)).append(close);
                i = end + 2;
            } else {
                out.append(source.charAt(i++));
            }
        }
        return out.toString();
    }

    /** An expression with every keyword argument's value parenthesized (nested calls too). */
    static String expression(String e) {
        StringBuilder out = new StringBuilder(e.length() + 8);
        int depth = 0;
        int i = 0;
        int n = e.length();
        while (i < n) {
            char c = e.charAt(i);
            if (c == '\'' || c == '"') {
                int end = stringEnd(e, i);
                out.append(e, i, end);
                i = end;
                continue;
            }
            if (e.startsWith("[::-1]", i)) {
                out.append("|reverse");
                i += 6;
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (depth > 0 && Character.isJavaIdentifierStart(c) && afterOpenOrComma(e, i)) {
                int idEnd = i;
                while (idEnd < n && Character.isJavaIdentifierPart(e.charAt(idEnd))) {
                    idEnd++;
                }
                int eq = idEnd;
                while (eq < n && e.charAt(eq) == ' ') {
                    eq++;
                }
                if (eq < n && e.charAt(eq) == '=' && (eq + 1 >= n || e.charAt(eq + 1) != '=')) {
                    int valueEnd = valueEnd(e, eq + 1);
                    out.append(e, i, eq + 1).append('(').append(expression(e.substring(eq + 1, valueEnd).trim()))
                            .append(')');
                    i = valueEnd;
                    continue;
                }
                out.append(e, i, idEnd);
                i = idEnd;
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static boolean afterOpenOrComma(String e, int i) {
        int j = i - 1;
        while (j >= 0 && Character.isWhitespace(e.charAt(j))) {
            j--;
        }
        return j >= 0 && (e.charAt(j) == '(' || e.charAt(j) == ',');
    }

    /** Where a keyword argument's value ends: the next comma or closing bracket at its own nesting level. */
    private static int valueEnd(String e, int from) {
        int depth = 0;
        int j = from;
        while (j < e.length()) {
            char c = e.charAt(j);
            if (c == '\'' || c == '"') {
                j = stringEnd(e, j);
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    return j;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                return j;
            }
            j++;
        }
        return j;
    }

    private static int stringEnd(String s, int start) {
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
