package dev.jtune.trainer.data;

import dev.jtune.trainer.data.example.Example;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A train/validation split. The same examples, ratio and seed always give the same split; both parts keep
 * file order so shown rows are easy to find in the file. A dataset's split is decided once, when it is loaded or
 * mixed, and jobs and evaluation use that split as is: splitting again would move held-out examples into training.
 *
 * @param ratio the share held out: the requested one for a loaded dataset, the resulting one for a mix
 */
public record DatasetSplit(List<Example> train, List<Example> validation, double ratio, long seed) {

    public DatasetSplit {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
    }

    /** Everything is training data. */
    public static DatasetSplit none(List<Example> examples) {
        return new DatasetSplit(examples, List.of(), 0, 0);
    }

    /**
     * Holds out {@code round(n × ratio)} examples chosen at random with {@code seed} (at least one when the ratio
     * is positive, and never all of them).
     *
     * @throws IllegalArgumentException when the ratio is outside [0, 1)
     */
    public static DatasetSplit of(List<Example> examples, double ratio, long seed) {
        checkRatio(ratio);
        int n = examples.size();
        if (ratio == 0 || n < 2) {
            return new DatasetSplit(examples, List.of(), ratio, seed);
        }
        int k = (int) Math.min(n - 1, Math.max(1, Math.round(n * ratio)));
        int[] held = Seeds.choose(n, k, Seeds.random(seed, Seeds.SPLIT, 0));
        List<Example> train = new ArrayList<>(n - k);
        List<Example> validation = new ArrayList<>(k);
        int h = 0;
        for (int i = 0; i < n; i++) {
            if (h < held.length && held[h] == i) {
                validation.add(examples.get(i));
                h++;
            } else {
                train.add(examples.get(i));
            }
        }
        return new DatasetSplit(train, validation, ratio, seed);
    }

    /** True when some examples are held out, i.e. a job or an evaluation must keep them out of training. */
    public boolean holdsOut() {
        return !validation.isEmpty();
    }

    /** Training examples then validation examples. */
    public List<Example> all() {
        List<Example> all = new ArrayList<>(train.size() + validation.size());
        all.addAll(train);
        all.addAll(validation);
        return all;
    }

    public static void checkRatio(double ratio) {
        if (!(ratio >= 0 && ratio < 1)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "--val-ratio %s is out of range: use a fraction from 0 (no validation split) up to below 1,"
                            + " e.g. 0.1 to hold out 10%% of the examples.", ratio));
        }
    }
}
