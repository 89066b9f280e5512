package dev.jtune.trainer.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.jtune.trainer.engine.FineTuneSpec;
import dev.jtune.trainer.engine.GradCheckpointing;
import dev.jtune.trainer.preference.PreferenceLoss;
import dev.jtune.trainer.preference.PreferenceObjective;
import dev.jtune.trainer.schedule.LearningRateSchedule;
import dev.jtune.trainer.schedule.SchedulerType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every parameter of a fine-tuning job, with defaults filled in, and which of them the user set. The parameters are
 * declared (name, type, default, range, help) in {@link JobParameters}; this record is their typed view for the
 * trainer. Keys are kebab-case in JSON and YAML; snake_case is accepted on input. Build one with {@link #parse}
 * (YAML/JSON), {@link #fromFlags} (flag values as strings) or {@link #withOverrides}; all of them validate.
 *
 * @param setByUser the parameters the user gave (flags, YAML keys, {@code --set}), whatever their value: the
 *                  parameters table shows them in bold, and resume and copy carry exactly these
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
        String gradCheckpointing,
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
        // preference tuning
        String stage,
        double prefBeta,
        String prefLoss,
        double prefLabelSmoothing,
        double prefFtx,
        // cluster (issue 13)
        String cluster,
        String engine,
        int nodes,
        int gpusPerNode,
        String time,
        List<String> setByUser) {

    public static final String LORA = JobParameters.LORA_METHOD;
    public static final String FULL = JobParameters.FULL_METHOD;
    public static final double DEFAULT_FULL_LR = JobParameters.FULL_LR;

    public JobConfig {
        setByUser = setByUser == null ? List.of() : List.copyOf(setByUser);
        loraTargets = loraTargets == null ? null : List.copyOf(loraTargets);
    }

    /** Every parameter at its declared default; nothing set by the user. */
    public static JobConfig defaults() {
        return JobConfigCodec.defaults();
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

    /**
     * Values that replace defaults without being the user's choice for this job (a dataset's held-out share and
     * seed from {@code %dataset load}); parameters the user set keep their values.
     */
    public JobConfig withInherited(Map<String, String> values) {
        return JobConfigCodec.withInherited(this, values);
    }

    /** The same job under a name the workspace chose (not marked as set by the user). */
    public JobConfig withName(String newName) {
        return JobConfigCodec.withValue(this, "name", newName, setByUser.contains("name"));
    }

    /**
     * Without {@code resume} and {@code init-from}: what a copy of the job, or the job continued in its folder,
     * records (they say how a job started, not how to train).
     */
    public JobConfig withoutStartReferences() {
        return JobConfigCodec.withValue(JobConfigCodec.withValue(this, "resume", null, false), "init-from", null,
                false);
    }

    /** Every parameter by its flag name, in declaration order (for the effective-parameters table). */
    public Map<String, Object> asMap() {
        return JobConfigCodec.asMap(this);
    }

    /** The values of the parameters the user set, as flag strings ({@code lr -> "0.0002"}), in schema order. */
    public Map<String, String> userSet() {
        return JobConfigCodec.userSet(this);
    }

    public boolean isSetByUser(String parameter) {
        return setByUser.contains(JobParameters.normalize(parameter));
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

    /** Checks every value against its declared range, and the rules across parameters; names the flag. */
    public JobConfig validate() {
        JobConfigValidator.validate(this);
        return this;
    }

    public SchedulerType schedulerType() {
        return SchedulerType.parse(scheduler);
    }

    /** Submitted to a cluster ({@code --cluster}) rather than trained in this process. */
    public boolean runsOnCluster() {
        return cluster != null && !cluster.isBlank();
    }

    public boolean usesLora() {
        return LORA.equals(method);
    }

    /** Whether the job tunes preferences (DPO) rather than answers (SFT). */
    public boolean trainsPreferences() {
        return JobParameters.DPO_STAGE.equals(stage);
    }

    /** The preference loss a DPO job trains with. */
    public PreferenceObjective preferenceObjective() {
        return new PreferenceObjective(PreferenceLoss.parse(prefLoss), prefBeta, prefLabelSmoothing, prefFtx);
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
