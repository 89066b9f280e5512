package dev.jtune.trainer.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.jtune.trainer.model.GradMode;
import dev.jtune.trainer.model.CausalLm;
import dev.jtune.trainer.model.KvCache;

import java.util.Arrays;

/**
 * Autoregressive decoding of one prompt with a KV cache: the prompt is run once, then one token per step. Each
 * step's temporaries live in an NDScope; only the cache survives between steps.
 */
public final class Generator {

    private final CausalLm model;

    public Generator(CausalLm model) {
        this.model = model;
    }

    public GenerationResult generate(int[] prompt, SamplingParams params, TokenListener listener) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt is empty: generation needs at least one token.");
        }
        int[] history = Arrays.copyOf(prompt, prompt.length + params.maxNewTokens());
        int length = prompt.length;
        int generated = 0;
        TokenSampler sampler = new TokenSampler(params);
        GenerationResult.StopReason reason = GenerationResult.StopReason.MAX_TOKENS;
        try (GradMode noGrad = GradMode.disabled(); NDManager manager = model.weights().manager().newSubManager();
             KvCache cache = new KvCache(manager, model.config().numLayers())) {
            float[] logits = step(manager, cache, prompt, 0);
            while (generated < params.maxNewTokens()) {
                if (Thread.currentThread().isInterrupted()) {
                    reason = GenerationResult.StopReason.INTERRUPTED;
                    break;
                }
                int token = sampler.next(logits, history, length);
                if (params.eosTokenIds().contains(token)) {
                    reason = GenerationResult.StopReason.EOS;
                    break;
                }
                history[length++] = token;
                generated++;
                listener.onToken(token);
                if (endsWithStop(history, length, prompt.length, params)) {
                    reason = GenerationResult.StopReason.STOP_SEQUENCE;
                    break;
                }
                if (generated < params.maxNewTokens()) {
                    logits = step(manager, cache, new int[] {token}, length - 1);
                }
            }
        }
        return new GenerationResult(Arrays.copyOfRange(history, prompt.length, length), reason);
    }

    private float[] step(NDManager manager, KvCache cache, int[] ids, int startPosition) {
        try (NDScope scope = new NDScope()) {
            int[] positions = new int[ids.length];
            int[] segments = new int[ids.length];
            for (int i = 0; i < ids.length; i++) {
                positions[i] = startPosition + i;
                segments[i] = 1;
            }
            NDArray hidden = model.hidden(manager, new int[][] {ids}, new int[][] {positions},
                    new int[][] {segments}, cache, false);
            return model.lastLogits(hidden).toFloatArray();
        }
    }

    private static boolean endsWithStop(int[] history, int length, int promptLength, SamplingParams params) {
        for (int[] stop : params.stopSequences()) {
            if (stop.length == 0 || length - promptLength < stop.length) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < stop.length && match; i++) {
                match = history[length - stop.length + i] == stop[i];
            }
            if (match) {
                return true;
            }
        }
        return false;
    }
}
