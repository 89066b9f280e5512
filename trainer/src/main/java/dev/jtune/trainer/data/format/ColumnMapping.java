package dev.jtune.trainer.data.format;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which CSV columns hold the user turn, the assistant turn, and optionally a per-row system prompt.
 * Column names match case-insensitively and ignoring surrounding spaces.
 *
 * @param question     column of the user's message
 * @param answer       column of the assistant's reply (the trained part)
 * @param systemColumn optional column with a per-row system prompt; null for none
 */
public record ColumnMapping(String question, String answer, String systemColumn) {

    /** {@code question,answer} (plus an optional {@code system} column when the file has one). */
    public static final ColumnMapping DEFAULT = new ColumnMapping("question", "answer", null);

    /** Pairs tried, in order, when the default columns are absent: common exports use these names. */
    static final List<ColumnMapping> ALIASES = List.of(
            DEFAULT,
            new ColumnMapping("prompt", "response", null),
            new ColumnMapping("prompt", "completion", null),
            new ColumnMapping("instruction", "output", null),
            new ColumnMapping("input", "output", null),
            new ColumnMapping("user", "assistant", null),
            new ColumnMapping("q", "a", null));

    public ColumnMapping {
        Objects.requireNonNull(question, "question column");
        Objects.requireNonNull(answer, "answer column");
        if (question.isBlank() || answer.isBlank()) {
            throw new IllegalArgumentException("CSV column names must not be blank");
        }
    }

    public static ColumnMapping of(String question, String answer) {
        return new ColumnMapping(question, answer, null);
    }

    public ColumnMapping withSystemColumn(String column) {
        return new ColumnMapping(question, answer, column);
    }

    /**
     * Parses {@code question=Q,answer=A[,system=S]} or the short form {@code Q,A[,S]}.
     *
     * @throws IllegalArgumentException with the expected syntax
     */
    public static ColumnMapping parse(String spec) {
        String[] parts = spec.split(",");
        String q = null, a = null, s = null;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            String key = eq < 0 ? (i == 0 ? "question" : i == 1 ? "answer" : i == 2 ? "system" : "?")
                    : p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? p : p.substring(eq + 1).trim();
            switch (key) {
                case "question", "user", "prompt" -> q = value;
                case "answer", "assistant", "response" -> a = value;
                case "system" -> s = value;
                default -> throw new IllegalArgumentException("Cannot read column mapping '" + spec
                        + "': write question=COLUMN,answer=COLUMN[,system=COLUMN] or COLUMN,COLUMN[,COLUMN].");
            }
        }
        if (q == null || a == null || q.isBlank() || a.isBlank()) {
            throw new IllegalArgumentException("Column mapping '" + spec
                    + "' must name both the question and the answer column, e.g. question=prompt,answer=reply.");
        }
        return new ColumnMapping(q, a, s);
    }
}
