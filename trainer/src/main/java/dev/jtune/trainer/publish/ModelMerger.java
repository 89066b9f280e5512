package dev.jtune.trainer.publish;

import java.io.IOException;
import java.nio.file.Path;

/** Writes a checkpoint merged over its base as a HuggingFace model folder's weights and config.json. */
@FunctionalInterface
public interface ModelMerger {

    /**
     * @param baseFolder the base model folder the job trained on
     * @param checkpoint a job checkpoint: a PEFT adapter, or the full weights of a full update
     * @param dir        the folder being published; gets {@code model.safetensors} and {@code config.json}
     */
    void writeMerged(Path baseFolder, Path checkpoint, Path dir) throws IOException;
}
