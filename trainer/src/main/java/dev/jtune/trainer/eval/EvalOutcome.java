package dev.jtune.trainer.eval;

/** One example's result: what was asked, expected and produced, and how it scores on each per-example metric. */
public record EvalOutcome(int index, String question, String expected, String output, boolean exact,
                          boolean contains, double rougeL) {

    public boolean correct(EvalMetric metric) {
        return metric == EvalMetric.CONTAINS ? contains : exact;
    }
}
