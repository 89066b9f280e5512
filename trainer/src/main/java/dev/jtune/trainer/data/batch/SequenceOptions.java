package dev.jtune.trainer.data.batch;

/**
 * How encoded examples become model rows.
 *
 * @param maxSeqLen       truncation length; every row is at most this long
 * @param packing         put several examples in one row (no attention across them) to waste less padding
 * @param padId           token id written into padding positions (they are masked out by segment 0 anyway)
 * @param padToMultipleOf round each batch's length up to a multiple of this (e.g. 8 for GPU kernels); 1 = none
 * @param groupByLength   batch examples of similar length together to reduce padding (see {@link BatchPlan})
 */
public record SequenceOptions(int maxSeqLen, boolean packing, int padId, int padToMultipleOf, boolean groupByLength) {

    public SequenceOptions {
        if (maxSeqLen < 2) {
            throw new IllegalArgumentException("--max-seq-len must be at least 2 tokens, not " + maxSeqLen + ".");
        }
        if (padToMultipleOf < 1) {
            padToMultipleOf = 1;
        }
    }

    public static SequenceOptions of(int maxSeqLen, boolean packing, int padId) {
        return new SequenceOptions(maxSeqLen, packing, padId, 1, false);
    }
}
