package dev.jtune.trainer.text;

/**
 * A tokenized training example.
 *
 * @param inputIds token ids of the whole rendered text
 * @param weights  per token: the loss weight of predicting this token (0 for tokens that are not trained,
 *                 e.g. system/user turns and the generation prompt). Aligned with {@code inputIds}: the
 *                 model's prediction at position t-1 is scored against token t with weight {@code weights[t]}.
 */
public record EncodedExample(int[] inputIds, float[] weights) {

    public EncodedExample {
        if (inputIds.length != weights.length) {
            throw new IllegalArgumentException("inputIds and weights differ in length: "
                    + inputIds.length + " vs " + weights.length);
        }
    }

    public int length() {
        return inputIds.length;
    }

    /** Tokens that contribute to the loss. */
    public int trainedTokens() {
        int n = 0;
        for (int t = 1; t < weights.length; t++) {
            if (weights[t] != 0f) {
                n++;
            }
        }
        return n;
    }
}
