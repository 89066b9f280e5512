package dev.jtune.trainer.eval;

import java.util.List;

/** Accuracy of one model on a held-out set, with every output. */
public record EvalReport(String model, EvalMetric metric, List<EvalOutcome> outcomes, double seconds) {

    public int total() {
        return outcomes.size();
    }

    public int correct() {
        return count(metric);
    }

    /** Accuracy under the report's metric (0 to 1). */
    public double accuracy() {
        return accuracy(metric);
    }

    public double accuracy(EvalMetric m) {
        return outcomes.isEmpty() ? 0 : (double) count(m) / outcomes.size();
    }

    public List<EvalOutcome> mismatches() {
        return outcomes.stream().filter(o -> !o.correct(metric)).toList();
    }

    private int count(EvalMetric m) {
        return (int) outcomes.stream().filter(o -> o.correct(m)).count();
    }
}
