package dev.jtune.trainer.model;

/**
 * Rotary-embedding frequency scaling from {@code rope_scaling} / {@code rope_parameters}. Only {@code default}
 * (none) and {@code llama3} (Llama 3.1/3.2) are implemented.
 */
public record RopeScaling(String type, double factor, double lowFreqFactor, double highFreqFactor,
                          int originalMaxPositionEmbeddings) {

    public static final RopeScaling NONE = new RopeScaling("default", 1, 1, 1, 0);

    public boolean isLlama3() {
        return "llama3".equals(type);
    }
}
