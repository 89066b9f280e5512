package dev.jtune.trainer.lora;

import dev.jtune.trainer.model.WeightLayout;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a LoRA adapter as PEFT describes it.
 *
 * @param rank          r
 * @param alpha         lora_alpha
 * @param dropout       lora_dropout (training only)
 * @param targets       projection names the adapter wraps (q_proj, ..., down_proj), already resolved from
 *                      {@code all-linear}
 * @param rsLora        scale alpha/sqrt(r) instead of alpha/r
 * @param baseModel     base_model_name_or_path, or null
 */
public record LoraConfig(int rank, double alpha, double dropout, List<String> targets, boolean rsLora,
                         String baseModel) {

    public LoraConfig {
        if (rank <= 0) {
            throw new IllegalArgumentException("LoRA rank must be positive, got r=" + rank + ".");
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("LoRA dropout must be in [0, 1), got " + dropout + ".");
        }
        targets = List.copyOf(targets);
    }

    /**
     * Resolves user target names for a model whose linear projections are {@code projections} (by PEFT's module
     * names): {@code all-linear} means all of them (never lm_head), as in PEFT.
     */
    public static List<String> resolveTargets(List<String> requested, List<String> projections) {
        List<String> out = new ArrayList<>();
        for (String t : requested) {
            String name = t.trim();
            if (name.equals("all-linear") || name.equals("all_linear")) {
                for (String p : projections) {
                    if (!out.contains(p)) {
                        out.add(p);
                    }
                }
                continue;
            }
            String leaf = name.substring(name.lastIndexOf('.') + 1);
            if (!projections.contains(leaf)) {
                throw new IllegalArgumentException("LoRA target '" + name + "' is not a linear projection of this "
                        + "model; use 'all-linear' or some of " + String.join(", ", projections) + ".");
            }
            if (!out.contains(leaf)) {
                out.add(leaf);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("LoRA needs at least one target module (e.g. all-linear).");
        }
        return out;
    }

    /** As {@link #resolveTargets(List, List)} for a Llama-like model (the seven projections). */
    public static List<String> resolveTargets(List<String> requested) {
        return resolveTargets(requested, WeightLayout.PROJECTIONS);
    }

    public double scale() {
        return rsLora ? alpha / Math.sqrt(rank) : alpha / rank;
    }
}
