package dev.jtune.trainer.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Gives {@code not} Jinja2's precedence before Jinjava parses a template. In Jinja2 {@code not} binds looser than
 * comparisons and tests ({@code not tools is none} means {@code not (tools is none)}); Jinjava binds it to the
 * next operand, so the Llama 3.x template with tools, and templates that write {@code not 'x' in message}, render
 * wrongly. Each unary {@code not} gets explicit parentheses around its operand, which ends at the next
 * {@code and}/{@code or}/{@code if}/{@code else}, comma or closing bracket of the same nesting level.
 */
final class JinjaNotPrecedence {

    private static final Set<String> OPERAND_ENDS = Set.of("and", "or", "if", "else");
    private static final Set<String> KEYWORDS_BEFORE_UNARY = Set.of("and", "or", "not", "if", "elif", "else", "in",
            "set", "return", "for", "while");

    private JinjaNotPrecedence() {
    }

    static String rewrite(String source) {
        if (!source.contains("not")) {
            return source;
        }
        return JinjaTags.mapBodies(source, JinjaNotPrecedence::rewriteExpression);
    }

    private enum Kind { WORD, STRING, OPEN, CLOSE, COMMA, OTHER }

    private record Token(Kind kind, String text, int start, int end) {
    }

    static String rewriteExpression(String expr) {
        // whitespace-control markers ({%- ... -%}) belong to the tag, not to the expression
        int from = 0;
        int to = expr.length();
        if (from < to && (expr.charAt(from) == '-' || expr.charAt(from) == '+')) {
            from++;
        }
        int trimmed = to;
        while (trimmed > from && Character.isWhitespace(expr.charAt(trimmed - 1))) {
            trimmed--;
        }
        if (trimmed > from && (expr.charAt(trimmed - 1) == '-' || expr.charAt(trimmed - 1) == '+')) {
            to = trimmed - 1;
        }
        List<Token> tokens = tokenize(expr, from, to);
        List<int[]> inserts = new ArrayList<>(); // {position, 0 = "(", 1 = ")"}
        for (int k = 0; k < tokens.size(); k++) {
            Token t = tokens.get(k);
            if (t.kind() != Kind.WORD || !t.text().equals("not") || !isUnary(tokens, k)) {
                continue;
            }
            int depth = 0;
            int endPos = to;
            for (int m = k + 1; m < tokens.size(); m++) {
                Token u = tokens.get(m);
                if (u.kind() == Kind.OPEN) {
                    depth++;
                } else if (u.kind() == Kind.CLOSE) {
                    if (depth == 0) {
                        endPos = u.start();
                        break;
                    }
                    depth--;
                } else if (depth == 0 && (u.kind() == Kind.COMMA
                        || u.kind() == Kind.WORD && OPERAND_ENDS.contains(u.text()))) {
                    endPos = u.start();
                    break;
                }
            }
            inserts.add(new int[] {t.end(), 0});
            inserts.add(new int[] {endPos, 1});
        }
        if (inserts.isEmpty()) {
            return expr;
        }
        inserts.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(b[1], a[1]));
        StringBuilder out = new StringBuilder(expr.length() + inserts.size() * 2);
        int pos = 0;
        for (int[] insert : inserts) {
            out.append(expr, pos, insert[0]).append(insert[1] == 0 ? " (" : ") ");
            pos = insert[0];
        }
        return out.append(expr.substring(pos)).toString();
    }

    /** A {@code not} is unary unless it is part of {@code is not} or of {@code x not in y}. */
    private static boolean isUnary(List<Token> tokens, int k) {
        if (k == 0) {
            return true;
        }
        Token previous = tokens.get(k - 1);
        return switch (previous.kind()) {
            case OPEN, COMMA, OTHER -> true;
            case STRING, CLOSE -> false;
            case WORD -> KEYWORDS_BEFORE_UNARY.contains(previous.text()) || k == 1 && isStatementName(previous.text());
        };
    }

    private static boolean isStatementName(String word) {
        return Set.of("if", "elif", "set", "for", "print", "do").contains(word);
    }

    private static List<Token> tokenize(String s, int from, int to) {
        List<Token> tokens = new ArrayList<>();
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'' || c == '"') {
                int j = i + 1;
                while (j < to && s.charAt(j) != c) {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                j = Math.min(j + 1, to);
                tokens.add(new Token(Kind.STRING, s.substring(i, j), i, j));
                i = j;
            } else if (Character.isLetterOrDigit(c) || c == '_') {
                int j = i;
                while (j < to && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                    j++;
                }
                tokens.add(new Token(Kind.WORD, s.substring(i, j), i, j));
                i = j;
            } else if (c == '(' || c == '[' || c == '{') {
                tokens.add(new Token(Kind.OPEN, String.valueOf(c), i, i + 1));
                i++;
            } else if (c == ')' || c == ']' || c == '}') {
                tokens.add(new Token(Kind.CLOSE, String.valueOf(c), i, i + 1));
                i++;
            } else if (c == ',') {
                tokens.add(new Token(Kind.COMMA, ",", i, i + 1));
                i++;
            } else {
                tokens.add(new Token(Kind.OTHER, String.valueOf(c), i, i + 1));
                i++;
            }
        }
        return tokens;
    }
}
