package dev.jtune.trainer.model;

/**
 * Rotary-embedding frequency scaling from {@code rope_scaling} / {@code rope_parameters}: {@code default} (none),
 * {@code linear} (frequencies divided by factor, as Gemma 3's global layers) and {@code llama3} (Llama 3.1/3.2).
 * LongRoPE, whose factors depend on the sequence, is {@link LongRope}.
 */
public record RopeScaling(String type, double factor, double lowFreqFactor, double highFreqFactor,
                          int originalMaxPositionEmbeddings) {

    public static final RopeScaling NONE = new RopeScaling("default", 1, 1, 1, 0);

    public boolean isLlama3() {
        return "llama3".equals(type);
    }

    public boolean isLinear() {
        return "linear".equals(type);
    }
}
