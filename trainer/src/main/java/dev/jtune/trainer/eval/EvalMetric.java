package dev.jtune.trainer.eval;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a model is scored against the expected answers. */
public enum EvalMetric {
    /** Share of outputs equal to the expected answer (both trimmed). */
    EXACT("exact"),
    /** Share of outputs that contain the expected answer (both trimmed). */
    CONTAINS("contains"),
    /** Mean ROUGE-L F1 (longest common subsequence of whitespace tokens) of output against expected answer. */
    ROUGE_L("rouge-l"),
    /** Corpus BLEU-4 (clipped n-gram precisions of all outputs together, brevity penalty), no smoothing. */
    BLEU("bleu"),
    /** Mean token cross-entropy of the expected answers given their prompts, and its perplexity; no generation. */
    LOSS("loss");

    private final String label;

    EvalMetric(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Scored on generated answers (every metric but loss). */
    public boolean generates() {
        return this != LOSS;
    }

    /** A share of examples judged right or wrong (exact, contains): what a per-label table counts. */
    public boolean isAccuracy() {
        return this == EXACT || this == CONTAINS;
    }

    public static String choices() {
        return Arrays.stream(values()).map(EvalMetric::label).collect(Collectors.joining(", "));
    }

    public static EvalMetric parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (EvalMetric m : values()) {
            if (m.label.equals(n) || m.name().toLowerCase(Locale.ROOT).equals(n)) {
                return m;
            }
        }
        throw new IllegalArgumentException("--metric " + name + ": choose one or more of " + choices()
                + ", separated by commas.");
    }

    @Override
    public String toString() {
        return label;
    }
}
