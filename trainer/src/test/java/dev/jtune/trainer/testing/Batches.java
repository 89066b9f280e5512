package dev.jtune.trainer.testing;

import dev.jtune.trainer.data.Batch;

import java.util.List;

/** Right-padded batches for tests (the data package builds the real ones). */
public final class Batches {

    private Batches() {
    }

    public static Batch of(List<int[]> ids, List<float[]> weights) {
        int rows = ids.size();
        int t = ids.stream().mapToInt(a -> a.length).max().orElse(0);
        int[][] in = new int[rows][t];
        float[][] w = new float[rows][t];
        int[][] pos = new int[rows][t];
        int[][] seg = new int[rows][t];
        for (int r = 0; r < rows; r++) {
            int[] row = ids.get(r);
            for (int i = 0; i < row.length; i++) {
                in[r][i] = row[i];
                w[r][i] = weights.get(r)[i];
                pos[r][i] = i;
                seg[r][i] = 1;
            }
        }
        return new Batch(in, w, pos, seg);
    }
}
