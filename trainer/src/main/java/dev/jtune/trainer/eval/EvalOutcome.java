package dev.jtune.trainer.eval;

/** One example's result: what was asked, expected and produced, and whether it counts under each metric. */
public record EvalOutcome(int index, String question, String expected, String output, boolean exact,
                          boolean contains) {

    public boolean correct(EvalMetric metric) {
        return metric == EvalMetric.EXACT ? exact : contains;
    }
}
