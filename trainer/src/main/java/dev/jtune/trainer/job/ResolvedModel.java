package dev.jtune.trainer.job;

import java.nio.file.Path;

/**
 * Where a model reference points: a HuggingFace base folder, and for a job (or an adapter-only published model)
 * the checkpoint to load on top of it with {@code FineTuner.restore(checkpoint, false)}.
 *
 * @param reference  what the user typed
 * @param kind       how it was found
 * @param baseFolder HuggingFace model folder (config.json, weights, tokenizer files)
 * @param checkpoint adapter or full-weights folder to restore over the base, or null (its adapter_config.json, or the
 *                   job's config.json, says how it was trained)
 */
public record ResolvedModel(String reference, Kind kind, Path baseFolder, Path checkpoint) {

    public enum Kind { TINY, FOLDER, JOB_CHECKPOINT, PUBLISHED, HUB }

    public boolean hasCheckpoint() {
        return checkpoint != null;
    }
}
