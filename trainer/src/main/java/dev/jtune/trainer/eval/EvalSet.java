package dev.jtune.trainer.eval;

import java.util.List;
import java.util.Locale;

/**
 * The examples an evaluation scores: which dataset, which of its splits.
 *
 * @param dataset the dataset's name (a file's base name when the data was a file)
 */
public record EvalSet(String dataset, EvalSplit split, List<EvalExample> examples) {

    public EvalSet {
        examples = List.copyOf(examples);
    }

    /** {@code the 36 held-out examples of intents}: what a result header says it was computed on. */
    public String description() {
        int n = examples.size();
        return switch (split) {
            case VAL -> String.format(Locale.ROOT, "the %d held-out examples of %s", n, dataset);
            case TRAIN -> String.format(Locale.ROOT, "the %d training examples of %s", n, dataset);
            case ALL -> String.format(Locale.ROOT, "all %d examples of %s", n, dataset);
        };
    }

    /** As {@link #description()}, for the first {@code scored} examples when a limit cut the set short. */
    public String description(int scored) {
        return scored > 0 && scored < examples.size() ? "the first " + scored + " of " + description() : description();
    }

    /** Where the results are kept in a job's folder: {@code eval-<dataset>-<split>.json}. */
    public String fileName() {
        return "eval-" + dataset + "-" + split.label() + ".json";
    }
}
