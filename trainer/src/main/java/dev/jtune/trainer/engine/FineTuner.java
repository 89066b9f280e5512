package dev.jtune.trainer.engine;

import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.preference.PreferenceMetrics;
import dev.jtune.trainer.preference.PreferenceObjective;

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
     * One optimizer step of preference tuning on concatenated batches (rows [chosen₁ … chosenₙ, rejected₁ …
     * rejectedₙ], the answers' tokens scored): the loss is the mean over every pair of the micro-batches, against
     * the reference fixed by {@link #freezeReference()}.
     */
    default PreferenceStepResult preferenceStep(List<Batch> microBatches, PreferenceObjective objective,
                                                double learningRate) {
        throw new UnsupportedOperationException("this engine does not train preference pairs");
    }

    /** The preference loss and metrics of one concatenated batch, with no gradient (validation). */
    default PreferenceMetrics evaluatePreference(Batch batch, PreferenceObjective objective) {
        throw new UnsupportedOperationException("this engine does not score preference pairs");
    }

    /**
     * Makes the model as it is now the reference of preference tuning: with LoRA the base model with the adapter's
     * current weights (switched off when the adapter is fresh, so no copy is made), with a full update a frozen copy
     * of the weights. Call after loading the starting checkpoint and before resuming.
     *
     * @return true when the reference is ready; false when a full update has no room for a copy of the weights, and
     *         the caller must compute the reference's log-probs now ({@link #sequenceLogps}) and hand them over
     *         ({@link #useReferenceLogps}) before training
     */
    default boolean freezeReference() {
        throw new UnsupportedOperationException("this engine has no preference reference");
    }

    /**
     * Each row's log-probability of its scored tokens under the model as it is now, with no gradient: what
     * {@link PrecomputedReference} is filled with before training.
     */
    default double[] sequenceLogps(Batch batch) {
        throw new UnsupportedOperationException("this engine does not score sequences");
    }

    /** Uses precomputed reference log-probs (after {@link #freezeReference()} returned false). */
    default void useReferenceLogps(PrecomputedReference reference) {
        throw new UnsupportedOperationException("this engine has no preference reference");
    }

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
