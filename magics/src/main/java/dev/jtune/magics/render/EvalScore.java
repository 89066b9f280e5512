package dev.jtune.magics.render;

import java.util.List;
import java.util.Map;

/**
 * A model's scores on an evaluation set, with the examples it got wrong.
 *
 * @param metric  the accuracy metric that counts {@code correct}; null when only non-accuracy metrics were asked for
 * @param others  the other metrics' values as shown (e.g. {@code rouge-l → 0.734}), in the order asked
 * @param labels  accuracy per expected label, empty unless the answers are short labels
 */
public record EvalScore(String model, String metric, int correct, int total, Map<String, String> others,
                        List<Mismatch> mismatches, List<LabelRow> labels, List<Confusion> confusions) {
    public EvalScore {
        others = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(others));  // keeps the order asked
        mismatches = List.copyOf(mismatches);
        labels = List.copyOf(labels);
        confusions = List.copyOf(confusions);
    }

    public EvalScore(String model, String metric, int correct, int total, List<Mismatch> mismatches) {
        this(model, metric, correct, total, Map.of(), mismatches, List.of(), List.of());
    }

    public double accuracy() {
        return total == 0 ? 0 : (double) correct / total;
    }

    /** An example whose generated answer did not match the expected one. */
    public record Mismatch(int index, String prompt, String expected, String got) {
    }

    public record LabelRow(String label, int count, int correct) {
        public double accuracy() {
            return count == 0 ? 0 : (double) correct / count;
        }
    }

    public record Confusion(String expected, String got, int count) {
    }
}
