package dev.jtune.trainer.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.jtune.trainer.engine.FineTuneSpec;
import dev.jtune.trainer.engine.GradCheckpointing;
import dev.jtune.trainer.schedule.LearningRateSchedule;
import dev.jtune.trainer.schedule.SchedulerType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every parameter of a fine-tuning job, with defaults filled in. Keys are the {@code %finetune} flag names
 * (kebab-case) in JSON and YAML; snake_case is accepted on input. Build one with {@link #parse} (YAML/JSON),
 * {@link #fromFlags} (flag values as strings) or {@link #withOverrides}; all of them validate.
 *
 * <p>Numbers meaning "off": {@code warmup-steps 0} (use the ratio), {@code save-steps 0} (only the final
 * checkpoint), {@code eval-steps 0} (evaluate at every checkpoint), {@code early-stop-patience 0},
 * {@code max-samples 0} (all), {@code max-steps 0} (epochs decide).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder(alphabetic = false)
public record JobConfig(
        String name,
        String base,
        String data,
        String val,
        double valRatio,
        String method,
        double epochs,
        double lr,
        int batchSize,
        int gradAccum,
        int maxSeqLen,
        boolean packing,
        String scheduler,
        Double numCycles,
        double lrEnd,
        double power,
        double warmupRatio,
        int warmupSteps,
        double weightDecay,
        double maxGradNorm,
        int loraR,
        double loraAlpha,
        double loraDropout,
        List<String> loraTargets,
        boolean rslora,
        double loraplusRatio,
        String precision,
        int saveSteps,
        int saveLimit,
        int logSteps,
        int evalSteps,
        int earlyStopPatience,
        double earlyStopDelta,
        String earlyStopMetric,
        long seed,
        int maxSamples,
        int maxSteps,
        String resume,
        String initFrom,
        String gradCheckpointing) {

    public static final String LORA = "lora";
    public static final String FULL = "full";
    public static final double DEFAULT_LORA_LR = 2e-4;
    public static final double DEFAULT_FULL_LR = 2e-5;

    /**
     * Defaults for a small model on one device, close to TRL's SFTConfig and LLaMA-Factory's examples: LoRA r=16,
     * alpha=32 on all linear layers, lr 2e-4 (2e-5 for a full update), cosine with 3% warmup, batch 8.
     */
    public static JobConfig defaults() {
        return new JobConfig(null, null, null, null, 0.1, LORA, 3, DEFAULT_LORA_LR, 8, 1, 1024, false,
                SchedulerType.COSINE.flagName(), null, 1e-7, 1.0, 0.03, 0, 0.0, 1.0,
                16, 32, 0.05, List.of("all-linear"), false, 1.0, "auto",
                100, 3, 10, 0, 0, 0.0, "val_loss", 42, 0, 0, null, null,
                GradCheckpointing.AUTO.flagName());
    }

    /** Reads a {@code %%finetune} YAML body or a {@code config.json}; unknown keys and bad values are errors. */
    public static JobConfig parse(String yamlOrJson) {
        return JobConfigCodec.parse(yamlOrJson);
    }

    /** From flag values as typed ({@code lr -> "2e-4"}); keys with or without leading dashes. */
    public static JobConfig fromFlags(Map<String, String> flags) {
        return JobConfigCodec.fromFlags(flags);
    }

    public static JobConfig read(Path file) throws IOException {
        return JobConfigCodec.read(file);
    }

    /** A copy with some values replaced ({@code %jobs copy JOB NEW --set lr=1e-4}), validated. */
    public JobConfig withOverrides(Map<String, String> overrides) {
        return JobConfigCodec.withOverrides(this, overrides);
    }

    public JobConfig withName(String newName) {
        return withOverrides(Map.of("name", newName));
    }

    /** Every parameter by its flag name, in declaration order (for the effective-parameters table). */
    public Map<String, Object> asMap() {
        return JobConfigCodec.asMap(this);
    }

    /** Parameters whose values differ from {@code reference} (e.g. the ones a user set), as flag strings. */
    public Map<String, String> differencesFrom(JobConfig reference) {
        return JobConfigCodec.differences(this, reference);
    }

    public String toJson() {
        return JobConfigCodec.toJson(this);
    }

    public String toYaml() {
        return JobConfigCodec.toYaml(this);
    }

    public void write(Path file) throws IOException {
        JobConfigCodec.write(this, file);
    }

    /** Checks every value against its allowed range; throws with a message naming the flag and the range. */
    public JobConfig validate() {
        JobConfigValidator.validate(this);
        return this;
    }

    public SchedulerType schedulerType() {
        return SchedulerType.parse(scheduler);
    }

    public boolean usesLora() {
        return LORA.equals(method);
    }

    /** Transformers' num_cycles: the given value, else 0.5 (half a wave) for cosine and 1 for restarts. */
    public double effectiveNumCycles() {
        if (numCycles != null) {
            return numCycles;
        }
        return schedulerType() == SchedulerType.COSINE ? 0.5 : 1.0;
    }

    public LearningRateSchedule schedule(long totalSteps) {
        return new LearningRateSchedule(schedulerType(), lr,
                LearningRateSchedule.warmupSteps(warmupSteps, warmupRatio, totalSteps), totalSteps,
                effectiveNumCycles(), lrEnd, power);
    }

    /** {@code auto} → FP16 on a GPU, FP32 otherwise. BF16 is refused by validation (DJL 0.35 cannot run it). */
    public FineTuneSpec.Precision precision(boolean onGpu) {
        return switch (precision.toLowerCase(Locale.ROOT)) {
            case "fp32" -> FineTuneSpec.Precision.FP32;
            case "fp16" -> FineTuneSpec.Precision.FP16;
            case "bf16" -> FineTuneSpec.Precision.BF16;
            default -> onGpu ? FineTuneSpec.Precision.FP16 : FineTuneSpec.Precision.FP32;
        };
    }

    /** What the engine needs; AdamW betas/epsilon are PyTorch's defaults. */
    public FineTuneSpec toSpec(boolean onGpu) {
        return new FineTuneSpec(usesLora() ? FineTuneSpec.Method.LORA : FineTuneSpec.Method.FULL, loraR, loraAlpha,
                loraDropout, loraTargets, rslora, loraplusRatio, weightDecay, 0.9, 0.999, 1e-8, maxGradNorm,
                precision(onGpu), seed, GradCheckpointing.parse(gradCheckpointing));
    }

    /** Optimizer steps in one epoch of {@code microBatches} batches: a short last accumulation still steps. */
    public long stepsPerEpoch(long microBatches) {
        return (microBatches + gradAccum - 1) / gradAccum;
    }

    /** Optimizer steps of the whole run. */
    public long totalSteps(long microBatches) {
        if (maxSteps > 0) {
            return maxSteps;
        }
        return Math.max(1, (long) Math.ceil(epochs * stepsPerEpoch(microBatches)));
    }
}
