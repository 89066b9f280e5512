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
        // Macro definitions' defaults (name='x') are parameters, not call arguments: left as written.
        return JinjaTags.mapBodies(source, body -> body.replaceFirst("^[-+]?\\s*", "").startsWith("macro")
                ? body : expression(body));
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
                int end = JinjaTags.stringEnd(e, i);
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
                j = JinjaTags.stringEnd(e, j);
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
}
