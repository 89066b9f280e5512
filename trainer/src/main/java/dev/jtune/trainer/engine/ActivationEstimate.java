package dev.jtune.trainer.engine;

import dev.jtune.trainer.model.CausalLm;
import dev.jtune.trainer.model.ModelConfig;

/**
 * What one micro-batch of rows × T tokens needs beyond the weights and optimizer state, in bytes, with and
 * without activation recompute. A planning figure, not an allocator's account: the tensors a layer keeps, times
 * 1.2 for the allocator's slack (qwen2.5-0.5b, 1 × 512, CPU: peak RSS − RSS after loading was 3.2 GiB without
 * recompute, 1.2 × 2.8 GiB estimated).
 *
 * <p>With N = rows·T tokens, b bytes per element, d hidden, q = heads·headDim, kv = kvHeads·headDim, i the MLP
 * width, r the LoRA rank (0 for a full update), h heads, L layers, c the loss chunk's logits elements:
 * <pre>
 *   layer(N, T) = b·N·(12·d + 6·(q + 2·kv) + 2·q + 5·i + 14·r) + b·rows·h·T·T·2     (scores and probabilities)
 *   head        = 4·3·c + 2·b·N·d                                                  (one logits chunk, g_L)
 *   without     = L·layer + head
 *   with        = L·b·N·d + layer + head                                          (layer inputs + one layer)
 * </pre>
 * both times {@link #SLACK}.
 *
 * @param withoutRecompute bytes when every layer keeps its intermediates
 * @param withRecompute    bytes when only the layer inputs are kept
 */
public record ActivationEstimate(long withoutRecompute, long withRecompute) {

    /** Measured peak growth over the tensors counted (allocator arenas, fragmentation, transient copies). */
    static final double SLACK = 1.2;

    public static ActivationEstimate of(ModelConfig c, int rows, int t, int bytesPerElement, int loraRank) {
        double b = bytesPerElement;
        double n = (double) rows * t;
        double d = c.hiddenSize();
        double q = (double) c.numHeads() * c.headDim();
        double kv = (double) c.numKvHeads() * c.headDim();
        double layer = b * n * (12 * d + 6 * (q + 2 * kv) + 2 * q + 5 * c.intermediateSize() + 14 * loraRank)
                + b * rows * c.numHeads() * (double) t * t * 2;
        double chunk = Math.min(CausalLm.lossChunkTokens(c.vocabSize()), n) * (double) c.vocabSize();
        double head = 4 * 3 * chunk + 2 * b * n * d;
        double without = c.numLayers() * layer + head;
        double with = c.numLayers() * b * n * d + layer + head;
        return new ActivationEstimate((long) (SLACK * without), (long) (SLACK * with));
    }
}
