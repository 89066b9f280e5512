package dev.jtune.trainer.job;

import dev.jtune.trainer.engine.FineTuner;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Loads a base model folder (a HuggingFace folder: config.json, safetensors, tokenizer) into a {@link FineTuner}
 * with fresh LoRA adapters (or trainable weights for a full update). Wired by the lead to the engine's
 * {@code DjlFineTuner}. The job loop restores checkpoints itself through {@link FineTuner#restore}.
 */
@FunctionalInterface
public interface FineTunerFactory {

    /**
     * @param config the job's parameters; {@link JobConfig#toSpec(boolean)} gives the engine spec once the device
     *               (and so {@code precision auto}) is known
     */
    FineTuner create(Path baseModelFolder, JobConfig config) throws IOException;

    /**
     * What {@code --grad-checkpointing} will choose for micro-batches of up to {@code rows} × {@code t} tokens of
     * the model in {@code baseModelFolder}, and why, for plans (e.g. "off (auto: about 40 MiB of activations fit
     * the budget of ...)"); null when the engine cannot tell before loading. Throws an IllegalArgumentException
     * naming what to lower when such a batch cannot fit even with recompute.
     */
    default String gradCheckpointingPlan(Path baseModelFolder, JobConfig config, int rows, int t) throws IOException {
        return null;
    }

    /** Where the models train, for plans: "the CPU" or "the GPU". */
    default String deviceName() {
        return "the CPU";
    }
}
