package dev.jtune.trainer.generate;

import java.util.List;
import java.util.Set;

/**
 * How to pick tokens, with HF generate's meanings.
 *
 * @param maxNewTokens      upper bound on generated tokens
 * @param temperature       0 = greedy (argmax); otherwise logits are divided by it before sampling
 * @param topK              keep the k most likely tokens (0 = off)
 * @param topP              nucleus: keep the smallest set whose probability reaches p (1 = off)
 * @param repetitionPenalty CTRL-style penalty on tokens already in prompt or output (1 = off)
 * @param seed              seeds the sampler (same seed, same tokens)
 * @param eosTokenIds       generation stops when one of these is produced (it is not part of the output)
 * @param stopSequences     token sequences that end generation (they stay in the output)
 */
public record SamplingParams(int maxNewTokens, double temperature, int topK, double topP, double repetitionPenalty,
                             long seed, Set<Integer> eosTokenIds, List<int[]> stopSequences) {

    public SamplingParams {
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("max new tokens must be >= 0, got " + maxNewTokens);
        }
        if (temperature < 0) {
            throw new IllegalArgumentException("temperature must be >= 0 (0 = greedy), got " + temperature);
        }
        if (topP <= 0 || topP > 1) {
            throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
        }
        if (repetitionPenalty <= 0) {
            throw new IllegalArgumentException("repetition penalty must be > 0, got " + repetitionPenalty);
        }
        eosTokenIds = Set.copyOf(eosTokenIds);
        stopSequences = List.copyOf(stopSequences);
    }

    public static SamplingParams greedy(int maxNewTokens, Set<Integer> eosTokenIds) {
        return new SamplingParams(maxNewTokens, 0, 0, 1, 1, 0, eosTokenIds, List.of());
    }

    public boolean isGreedy() {
        return temperature == 0;
    }

    public SamplingParams withEos(Set<Integer> eos) {
        return new SamplingParams(maxNewTokens, temperature, topK, topP, repetitionPenalty, seed, eos, stopSequences);
    }
}
