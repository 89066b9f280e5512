package dev.jtune.trainer.hub;

import dev.jtune.trainer.engine.FineTuneSpec;

import java.nio.file.Path;

/**
 * Where a model reference points: a HuggingFace base folder, and for a job (or an adapter-only published model)
 * the checkpoint to load on top of it with {@code FineTuner.restore(checkpoint, false)}.
 *
 * @param reference  what the user typed
 * @param kind       how it was found
 * @param baseFolder HuggingFace model folder (config.json, weights, tokenizer files)
 * @param checkpoint adapter or full-weights folder to restore over the base, or null
 * @param spec       how the checkpoint was trained (LoRA shape), or null when there is no checkpoint
 */
public record ResolvedModel(String reference, Kind kind, Path baseFolder, Path checkpoint, FineTuneSpec spec) {

    public enum Kind { TINY, FOLDER, JOB_CHECKPOINT, PUBLISHED, HUB }

    public boolean hasCheckpoint() {
        return checkpoint != null;
    }
}
