package dev.jtune.trainer.cli;

import dev.jtune.trainer.eval.EvalMetric;
import picocli.CommandLine.Option;

/**
 * What to score a model on, shared by {@code jtune-train eval} and the {@code %eval} magic (mixed into both), so
 * the two cannot offer different flags or defaults.
 */
public final class EvalOptions {
    @Option(names = "--data", required = true, paramLabel = "NAME",
            description = "The held-out messages dataset: loaded with %%dataset load, saved in the workspace, or a file.")
    String data;

    @Option(names = "--metric", paramLabel = "METRIC", description = "exact (after trimming) or contains (default: exact).")
    EvalMetric metric = EvalMetric.EXACT;

    @Option(names = "--limit", paramLabel = "N", converter = OptionConverters.AtLeastOne.class,
            description = "Score only the first N examples (default: all).")
    Integer limit;

    public String data() {
        return data;
    }

    public EvalMetric metric() {
        return metric;
    }

    /** The most examples to score; 0 means all, as {@code Evaluator} reads it. */
    public int limit() {
        return limit == null ? 0 : limit;
    }
}
