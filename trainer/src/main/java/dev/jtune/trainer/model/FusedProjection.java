package dev.jtune.trainer.model;

import ai.djl.ndarray.NDArray;

import java.util.List;

/**
 * Projections of one layer that read the same input, stored as one weight so a single matmul computes them all:
 * q/k/v (after input_layernorm) and gate/up (after post_attention_layernorm). The HF-named weights of the parts
 * are row views of {@code weight}, so checkpoints, merges and adapters still see per-projection tensors.
 *
 * @param weight [Σ out, in], the parts' rows in order
 * @param bias   [Σ out] or null
 * @param modules the parts' module paths, e.g. model.layers.0.self_attn.q_proj, ….k_proj, ….v_proj
 * @param widths  each part's output size
 */
public record FusedProjection(NDArray weight, NDArray bias, List<String> modules, long[] widths) {

    /** Whether {@code tensorName} (e.g. ….q_proj.weight) is one of the parts' tensors. */
    public boolean covers(String tensorName) {
        return modules.stream().anyMatch(m -> tensorName.startsWith(m + "."));
    }

    /** Projections that share their input, by group name, in output order. */
    public static final List<List<String>> GROUPS = List.of(
            List.of("q_proj", "k_proj", "v_proj"), List.of("gate_proj", "up_proj"));
}
