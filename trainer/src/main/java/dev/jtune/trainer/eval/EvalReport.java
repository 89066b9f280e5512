package dev.jtune.trainer.eval;

import java.util.List;

/**
 * One model's scores on one set of examples, with every output.
 *
 * @param metrics  what was asked for, in the order asked; the first is the headline
 * @param outcomes the generated answers (empty when only {@code loss} was asked for)
 * @param loss     mean token cross-entropy of the expected answers, or null when {@code loss} was not asked for
 */
public record EvalReport(String model, List<EvalMetric> metrics, List<EvalOutcome> outcomes, Double loss,
                         double seconds) {

    public EvalReport {
        metrics = List.copyOf(metrics);
        outcomes = List.copyOf(outcomes);
    }

    /** The accuracy metric that decides what counts as correct and as a mismatch: the first one asked for, else exact. */
    public EvalMetric metric() {
        return metrics.stream().filter(EvalMetric::isAccuracy).findFirst().orElse(EvalMetric.EXACT);
    }

    public int total() {
        return outcomes.size();
    }

    public int correct() {
        return count(metric());
    }

    /** Accuracy under {@link #metric()} (0 to 1). */
    public double accuracy() {
        return accuracy(metric());
    }

    public double accuracy(EvalMetric m) {
        return outcomes.isEmpty() ? 0 : (double) count(m) / outcomes.size();
    }

    /**
     * The score of {@code m}: a share for exact and contains, mean F1 for ROUGE-L, corpus BLEU (0 to 1), mean token
     * cross-entropy for loss.
     */
    public double score(EvalMetric m) {
        return switch (m) {
            case EXACT, CONTAINS -> accuracy(m);
            case ROUGE_L -> outcomes.stream().mapToDouble(EvalOutcome::rougeL).average().orElse(0);
            case BLEU -> TextMetrics.corpusBleu(outcomes.stream().map(EvalOutcome::expected).toList(),
                    outcomes.stream().map(EvalOutcome::output).toList());
            case LOSS -> loss == null ? Double.NaN : loss;
        };
    }

    /** exp(loss): how many tokens the model is, on average, choosing between. */
    public double perplexity() {
        return loss == null ? Double.NaN : Math.exp(loss);
    }

    public List<EvalOutcome> mismatches() {
        EvalMetric m = metric();
        return outcomes.stream().filter(o -> !o.correct(m)).toList();
    }

    private int count(EvalMetric m) {
        return (int) outcomes.stream().filter(o -> o.correct(m)).count();
    }
}
