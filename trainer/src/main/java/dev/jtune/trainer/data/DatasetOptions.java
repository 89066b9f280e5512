package dev.jtune.trainer.data;

import dev.jtune.trainer.data.format.ReadOptions;

/**
 * How to load a dataset: how to read the file, what to do with bad records, and how many examples to keep.
 *
 * @param read          format, CSV columns, default system prompt, text unit
 * @param skipBadLines  leave bad records out (and report how many) instead of refusing the file
 * @param maxSamples    keep at most this many examples, chosen at random with {@code seed}; 0 keeps all
 * @param seed          seeds the max-samples choice
 * @param minExamples   fewer examples than this gives a warning (hosted consoles refuse tiny datasets)
 * @param errorsShown   how many errors the failure message lists
 */
public record DatasetOptions(ReadOptions read, boolean skipBadLines, long maxSamples, long seed, int minExamples,
                             int errorsShown) {

    /**
     * Fewer examples than this get a warning: hosted consoles ask for about 100 as the least that teaches a model a
     * task rather than memorising its examples. Only an empty dataset is refused.
     */
    public static final int MIN_EXAMPLES = 100;

    public static final DatasetOptions DEFAULT = new DatasetOptions(ReadOptions.DEFAULT, false, 0, 42, MIN_EXAMPLES, 20);

    public DatasetOptions {
        if (read == null) {
            read = ReadOptions.DEFAULT;
        }
        if (maxSamples < 0) {
            throw new IllegalArgumentException("--max-samples must be 0 (all) or a positive count, not " + maxSamples + ".");
        }
    }

    public DatasetOptions withRead(ReadOptions r) {
        return new DatasetOptions(r, skipBadLines, maxSamples, seed, minExamples, errorsShown);
    }

    public DatasetOptions withSkipBadLines(boolean skip) {
        return new DatasetOptions(read, skip, maxSamples, seed, minExamples, errorsShown);
    }

    public DatasetOptions withMaxSamples(long n) {
        return new DatasetOptions(read, skipBadLines, n, seed, minExamples, errorsShown);
    }

    public DatasetOptions withSeed(long s) {
        return new DatasetOptions(read, skipBadLines, maxSamples, s, minExamples, errorsShown);
    }
}
