package dev.jtune.trainer.generate;

import java.util.Arrays;
import java.util.Random;

/**
 * Picks the next token from one row of logits on the host, applying HF's processors in HF's order: repetition
 * penalty, temperature, top-k, top-p. DJL's randomMultinomial is unsupported, so sampling is done here.
 */
public final class TokenSampler {

    private final SamplingParams params;
    private final Random random;

    public TokenSampler(SamplingParams params) {
        this.params = params;
        this.random = new Random(params.seed());
    }

    /**
     * @param logits  modified in place
     * @param history prompt and generated ids so far (for the repetition penalty)
     */
    public int next(float[] logits, int[] history, int historyLength) {
        if (params.repetitionPenalty() != 1) {
            float p = (float) params.repetitionPenalty();
            boolean[] seen = new boolean[logits.length];
            for (int i = 0; i < historyLength; i++) {
                int id = history[i];
                if (id >= 0 && id < logits.length && !seen[id]) {
                    seen[id] = true;
                    logits[id] = logits[id] < 0 ? logits[id] * p : logits[id] / p;
                }
            }
        }
        if (params.isGreedy()) {
            return argmax(logits);
        }
        int n = logits.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            logits[i] = (float) (logits[i] / params.temperature());
        }
        Arrays.sort(order, (a, b) -> Float.compare(logits[b], logits[a]));
        int keep = params.topK() > 0 ? Math.min(params.topK(), n) : n;
        double max = logits[order[0]];
        double[] probs = new double[keep];
        double sum = 0;
        for (int i = 0; i < keep; i++) {
            probs[i] = Math.exp(logits[order[i]] - max);
            sum += probs[i];
        }
        if (params.topP() < 1) {
            // HF TopPLogitsWarper keeps the tokens whose cumulative probability (sorted descending) reaches top_p,
            // at least one.
            double cumulative = 0;
            int cut = keep;
            for (int i = 0; i < keep; i++) {
                cumulative += probs[i] / sum;
                if (cumulative >= params.topP()) {
                    cut = i + 1;
                    break;
                }
            }
            keep = Math.max(1, cut);
            sum = 0;
            for (int i = 0; i < keep; i++) {
                sum += probs[i];
            }
        }
        double u = random.nextDouble() * sum;
        for (int i = 0; i < keep; i++) {
            u -= probs[i];
            if (u <= 0) {
                return order[i];
            }
        }
        return order[keep - 1];
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
