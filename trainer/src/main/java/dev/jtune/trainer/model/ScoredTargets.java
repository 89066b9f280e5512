package dev.jtune.trainer.model;

import dev.jtune.trainer.data.Batch;

/**
 * The (position, target, weight) triples a batch's loss is made of: target token t of a row is predicted from
 * position t-1 and scored when both are in the same non-zero segment and its weight is non-zero.
 *
 * @param flatPositions row·T + (t-1) for each scored target
 * @param targets       the target token ids
 * @param weights       their loss weights
 */
public record ScoredTargets(long[] flatPositions, long[] targets, float[] weights) {

    public static ScoredTargets of(Batch batch) {
        int rows = batch.rows();
        int t = batch.sequenceLength();
        int n = 0;
        for (int r = 0; r < rows; r++) {
            for (int i = 1; i < t; i++) {
                if (scored(batch, r, i)) {
                    n++;
                }
            }
        }
        long[] pos = new long[n];
        long[] tgt = new long[n];
        float[] w = new float[n];
        int k = 0;
        for (int r = 0; r < rows; r++) {
            for (int i = 1; i < t; i++) {
                if (scored(batch, r, i)) {
                    pos[k] = (long) r * t + i - 1;
                    tgt[k] = batch.inputIds()[r][i];
                    w[k] = batch.weights()[r][i];
                    k++;
                }
            }
        }
        return new ScoredTargets(pos, tgt, w);
    }

    private static boolean scored(Batch b, int r, int i) {
        int s = b.segmentIds()[r][i];
        return s != 0 && s == b.segmentIds()[r][i - 1] && b.weights()[r][i] != 0f;
    }

    public int size() {
        return targets.length;
    }

    /** How many scored targets each of the batch's rows has (an answer's length in a preference batch). */
    public int[] perRow(int rows, int sequenceLength) {
        int[] out = new int[rows];
        for (long p : flatPositions) {
            out[(int) (p / sequenceLength)]++;
        }
        return out;
    }

    public double totalWeight() {
        double sum = 0;
        for (float w : weights) {
            sum += w;
        }
        return sum;
    }
}
