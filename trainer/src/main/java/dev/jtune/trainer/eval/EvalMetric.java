package dev.jtune.trainer.eval;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How an output is scored against the expected answer (both trimmed). */
public enum EvalMetric {
    /** The output equals the expected answer. */
    EXACT,
    /** The output contains the expected answer. */
    CONTAINS;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EvalMetric parse(String name) {
        for (EvalMetric m : values()) {
            if (m.label().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("--metric " + name + ": choose one of "
                + Arrays.stream(values()).map(EvalMetric::label).collect(Collectors.joining(", ")));
    }
}
