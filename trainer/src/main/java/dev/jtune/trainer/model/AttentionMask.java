package dev.jtune.trainer.model;

/**
 * Additive attention masks built on the host: query i of a row attends key j iff j is not after i and both are in
 * the same non-zero segment. This one rule gives causal masking, right padding (segment 0) and packing (no
 * attention across examples). A padding query attends only itself, so no softmax row is empty (no NaN).
 */
public final class AttentionMask {

    private AttentionMask() {
    }

    /**
     * @param segments  [rows][T] segment ids of the new tokens
     * @param past      cached tokens before them (all visible to every non-padding query)
     * @param blocked   the additive value of a forbidden pair (a large negative the compute dtype can hold)
     * @return [rows][T][past + T] flattened
     */
    public static float[] additive(int[][] segments, int past, float blocked) {
        return additive(segments, past, blocked, 0, segments.length == 0 ? 0 : segments[0].length);
    }

    /**
     * The mask of queries {@code from} to {@code to} (exclusive) against the keys they can see at all: the cached
     * ones and the new ones up to {@code to} (later keys are causally hidden from every query of the block).
     *
     * @return [rows][to − from][past + to] flattened
     */
    public static float[] additive(int[][] segments, int past, float blocked, int from, int to) {
        return additive(segments, past, blocked, from, to, 0);
    }

    /**
     * As {@link #additive(int[][], int, float, int, int)} with a sliding window: a query also does not see keys
     * {@code window} or more tokens back (transformers' {@code kv_idx > q_idx - sliding_window}); 0: no window.
     */
    public static float[] additive(int[][] segments, int past, float blocked, int from, int to, int window) {
        int rows = segments.length;
        int queries = to - from;
        int keys = past + to;
        float[] mask = new float[rows * queries * keys];
        for (int r = 0; r < rows; r++) {
            int[] seg = segments[r];
            for (int i = from; i < to; i++) {
                int base = (r * queries + i - from) * keys;
                for (int j = 0; j < keys; j++) {
                    boolean allowed;
                    if (seg[i] == 0) {
                        allowed = j == past + i;
                    } else if (j < past) {
                        allowed = true;
                    } else {
                        int jj = j - past;
                        allowed = jj <= i && seg[jj] == seg[i];
                    }
                    if (window > 0 && past + i - j >= window) {
                        allowed = false;
                    }
                    mask[base + j] = allowed ? 0f : blocked;
                }
            }
        }
        return mask;
    }
}
