package dev.jtune.trainer.data;

/**
 * A rectangular batch as the model consumes it. Rows are right-padded.
 *
 * @param inputIds    [rows][T] token ids (padding uses the pad id, ignored through {@code segmentIds})
 * @param weights     [rows][T] loss weight of predicting token t from position t-1; 0 = not trained
 * @param positionIds [rows][T] rotary positions; restart at 0 for each packed example
 * @param segmentIds  [rows][T] 0 = padding, k &gt; 0 = the k-th example of the row; a token attends only to
 *                    earlier tokens of its own segment (causal, no attention across packed examples)
 */
public record Batch(int[][] inputIds, float[][] weights, int[][] positionIds, int[][] segmentIds) {

    public int rows() {
        return inputIds.length;
    }

    public int sequenceLength() {
        return inputIds.length == 0 ? 0 : inputIds[0].length;
    }

    /** Non-padding tokens. */
    public long tokens() {
        long n = 0;
        for (int[] row : segmentIds) {
            for (int s : row) {
                if (s != 0) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Sum of loss weights of the tokens that are scored (position 0 of a segment is never a target). */
    public double trainedWeight() {
        double w = 0;
        for (int r = 0; r < weights.length; r++) {
            for (int t = 1; t < weights[r].length; t++) {
                if (segmentIds[r][t] != 0 && segmentIds[r][t] == segmentIds[r][t - 1]) {
                    w += weights[r][t];
                }
            }
        }
        return w;
    }
}
