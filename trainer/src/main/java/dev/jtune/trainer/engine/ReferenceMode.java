package dev.jtune.trainer.engine;

/** How a full-update preference job gets its reference model's log-probs. */
public enum ReferenceMode {
    /** A frozen copy of the weights, unless the device's free memory could not hold one: then precomputed. */
    AUTO,
    /** Always a frozen copy of the weights. */
    COPY,
    /** Always computed once before training ({@link PrecomputedReference}). */
    PRECOMPUTED
}
