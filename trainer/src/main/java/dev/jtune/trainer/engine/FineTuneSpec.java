package dev.jtune.trainer.engine;

import java.util.List;

/**
 * How to fine-tune: method, LoRA shape and optimizer hyperparameters. The learning rate itself comes per step
 * from the job's scheduler.
 *
 * @param method        LORA or FULL
 * @param loraRank      r
 * @param loraAlpha     alpha; scale = alpha/r, or alpha/sqrt(r) with rsLoRA
 * @param loraDropout   dropout on the LoRA input path (training only)
 * @param loraTargets   module names (q_proj, v_proj, ...) or the single entry "all-linear"
 * @param rsLora        rank-stabilised scaling
 * @param loraPlusRatio B matrices learn at ratio × lr (LoRA+); 1 = plain LoRA
 * @param weightDecay   decoupled AdamW weight decay
 * @param beta1         AdamW beta1
 * @param beta2         AdamW beta2
 * @param epsilon       AdamW epsilon (PyTorch placement: added to sqrt of the bias-corrected v)
 * @param maxGradNorm   global-norm clipping threshold; 0 or less disables clipping
 * @param precision     compute precision
 * @param seed          seeds LoRA init and dropout
 * @param gradCheckpointing whether decoder layers are recomputed in backward instead of kept (null: AUTO)
 */
public record FineTuneSpec(Method method, int loraRank, double loraAlpha, double loraDropout, List<String> loraTargets,
                           boolean rsLora, double loraPlusRatio, double weightDecay, double beta1, double beta2,
                           double epsilon, double maxGradNorm, Precision precision, long seed,
                           GradCheckpointing gradCheckpointing) {

    public FineTuneSpec {
        gradCheckpointing = gradCheckpointing == null ? GradCheckpointing.AUTO : gradCheckpointing;
    }

    /** A spec that leaves activation recompute to {@link GradCheckpointing#AUTO}. */
    public FineTuneSpec(Method method, int loraRank, double loraAlpha, double loraDropout, List<String> loraTargets,
                        boolean rsLora, double loraPlusRatio, double weightDecay, double beta1, double beta2,
                        double epsilon, double maxGradNorm, Precision precision, long seed) {
        this(method, loraRank, loraAlpha, loraDropout, loraTargets, rsLora, loraPlusRatio, weightDecay, beta1, beta2,
                epsilon, maxGradNorm, precision, seed, GradCheckpointing.AUTO);
    }

    public FineTuneSpec withGradCheckpointing(GradCheckpointing value) {
        return new FineTuneSpec(method, loraRank, loraAlpha, loraDropout, loraTargets, rsLora, loraPlusRatio,
                weightDecay, beta1, beta2, epsilon, maxGradNorm, precision, seed, value);
    }

    public enum Method { LORA, FULL }

    public enum Precision { FP32, FP16, BF16 }

    /** PEFT/TRL-like defaults: LoRA r=16, alpha=32 on all linear layers, AdamW(0.9, 0.999, 1e-8), clip 1.0. */
    public static FineTuneSpec loraDefaults() {
        return new FineTuneSpec(Method.LORA, 16, 32, 0.0, List.of("all-linear"), false, 1.0, 0.0,
                0.9, 0.999, 1e-8, 1.0, Precision.FP32, 42);
    }
}
