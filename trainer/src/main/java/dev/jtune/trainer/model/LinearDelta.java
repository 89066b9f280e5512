package dev.jtune.trainer.model;

import ai.djl.ndarray.NDArray;

/** Something added to a projection's output, such as a LoRA branch. */
public interface LinearDelta {

    /**
     * @param module   the projection's module path, e.g. {@code model.layers.0.self_attn.q_proj}
     * @param input    the projection's input
     * @param training whether dropout applies
     * @return the term to add to the base output, or null when this module has none
     */
    NDArray delta(String module, NDArray input, boolean training);
}
