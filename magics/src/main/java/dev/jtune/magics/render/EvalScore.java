package dev.jtune.magics.render;

import java.util.List;

/** A model's score on a held-out set, with the examples it got wrong. */
public record EvalScore(String model, String metric, int correct, int total, List<Mismatch> mismatches) {
    public EvalScore {
        mismatches = List.copyOf(mismatches);
    }

    public double accuracy() {
        return total == 0 ? 0 : (double) correct / total;
    }

    /** An example whose generated answer did not match the expected one. */
    public record Mismatch(int index, String prompt, String expected, String got) {
    }
}
