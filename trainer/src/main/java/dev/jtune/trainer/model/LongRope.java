package dev.jtune.trainer.model;

/**
 * LongRoPE frequency scaling (Phi-3, Phi-4-mini), as transformers' {@code _compute_longrope_parameters}: the
 * inverse frequencies are divided by {@code shortFactor} while a call's positions stay within
 * {@code originalMaxPositionEmbeddings} and by {@code longFactor} beyond, and cos/sin are multiplied by
 * {@code attentionFactor}. The choice is made per forward call from its largest position, as transformers does, so
 * decoding switches to the long factors once the sequence outgrows the original context.
 */
public record LongRope(double[] shortFactor, double[] longFactor, int originalMaxPositionEmbeddings,
                       double attentionFactor) {

    /** The factors for a call whose largest position is {@code maxPosition}. */
    public double[] factorsFor(int maxPosition) {
        return maxPosition + 1 > originalMaxPositionEmbeddings ? longFactor : shortFactor;
    }
}
