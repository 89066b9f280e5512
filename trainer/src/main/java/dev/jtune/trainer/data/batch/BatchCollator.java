package dev.jtune.trainer.data.batch;

import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.text.EncodedExample;

import java.util.Arrays;
import java.util.List;

/**
 * Lays rows of examples out as a rectangular {@link Batch}: examples of a row are concatenated as segments
 * 1..k with positions restarting at 0, and rows are right-padded (pad id, weight 0, position 0, segment 0)
 * to the longest row, rounded up to a multiple of {@code padToMultipleOf}.
 *
 * <p>The weight of each segment's first token is set to 0: predicting it would mean predicting across an
 * example boundary (or from nothing), so the weights alone already say which predictions count.
 */
public final class BatchCollator {

    private final int padId;
    private final int padToMultipleOf;

    public BatchCollator(int padId, int padToMultipleOf) {
        this.padId = padId;
        this.padToMultipleOf = Math.max(1, padToMultipleOf);
    }

    /** @param rows each row is the examples packed into it (one example per row without packing) */
    public Batch collate(List<List<EncodedExample>> rows) {
        int longest = 0;
        for (List<EncodedExample> row : rows) {
            longest = Math.max(longest, row.stream().mapToInt(EncodedExample::length).sum());
        }
        int t = ((longest + padToMultipleOf - 1) / padToMultipleOf) * padToMultipleOf;
        int n = rows.size();
        int[][] ids = new int[n][t];
        float[][] weights = new float[n][t];
        int[][] positions = new int[n][t];
        int[][] segments = new int[n][t];
        for (int r = 0; r < n; r++) {
            Arrays.fill(ids[r], padId);
            int at = 0;
            int segment = 0;
            for (EncodedExample e : rows.get(r)) {
                segment++;
                int len = e.length();
                System.arraycopy(e.inputIds(), 0, ids[r], at, len);
                System.arraycopy(e.weights(), 0, weights[r], at, len);
                if (len > 0) {
                    weights[r][at] = 0f;
                }
                for (int i = 0; i < len; i++) {
                    positions[r][at + i] = i;
                    segments[r][at + i] = segment;
                }
                at += len;
            }
        }
        return new Batch(ids, weights, positions, segments);
    }
}
