package dev.jtune.trainer.engine;

import dev.jtune.trainer.data.Batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A model being fine-tuned (LoRA or full update): the seam between the job loop, which owns data order,
 * schedules, logging and checkpoint policy, and the numerical engine, which owns tensors.
 */
public interface FineTuner extends AutoCloseable {

    /**
     * One optimizer step. The micro-batches are gradient-accumulated; the loss is the token-weighted mean over
     * all of them together (sum of w·nll over every micro-batch divided by their total weight), so accumulation
     * gives the same update as one large batch.
     */
    StepResult step(List<Batch> microBatches, double learningRate);

    /** Weighted NLL of a batch with no gradient (validation). */
    LossSum evaluate(Batch batch);

    /**
     * Writes a resumable checkpoint into {@code dir}: the PEFT adapter ({@code adapter_config.json},
     * {@code adapter_model.safetensors}) or full weights ({@code model.safetensors}), plus the optimizer state.
     */
    void save(Path dir) throws IOException;

    /** Loads weights (and optimizer state when present) from a folder written by {@link #save}. */
    void restore(Path dir, boolean withOptimizerState) throws IOException;

    /** Writes a HuggingFace model folder's weights and config with LoRA merged into the base (W + scale·B·A). */
    void saveMerged(Path dir) throws IOException;

    long trainableParameters();

    long totalParameters();

    @Override
    void close();
}
