package dev.jtune.trainer.model;

/**
 * How one decoder layer's attention sees positions: its rotary embedding and its window.
 *
 * @param ropeTheta     the rotary base of this layer (Gemma 3's local layers have their own)
 * @param ropeScaling   default, linear or llama3 scaling of the frequencies
 * @param longRope      LongRoPE factors (Phi-3), or null
 * @param rotaryDim     leading dimensions of a head that rotate (head_dim × partial_rotary_factor); 0: no rotary
 *                      embedding at all (SmolLM3's NoPE layers)
 * @param slidingWindow a query sees only the keys less than this many positions back (0: no window), as
 *                      transformers' sliding-window masks do
 */
public record LayerAttention(double ropeTheta, RopeScaling ropeScaling, LongRope longRope, int rotaryDim,
                             int slidingWindow) {
}
