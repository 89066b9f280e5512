package dev.jtune.trainer.job;


import java.io.IOException;

/**
 * Opens a job's data ({@code data}, {@code val}, {@code val-ratio}, {@code max-samples}, {@code max-seq-len},
 * {@code packing}, {@code batch-size}, {@code seed}) encoded with the base model's tokenizer and chat template.
 * Wired by the lead to the data and text packages.
 */
@FunctionalInterface
public interface TrainingDataFactory {

    /** @throws IllegalArgumentException with a user-facing sentence when the data is missing or invalid */
    TrainingData open(JobConfig config, ResolvedModel model) throws IOException;

    /**
     * Checks that {@code data} (and {@code val}) name something that exists, cheaply and before a job folder is
     * written, so a typo is refused instead of leaving a failed job behind.
     *
     * @throws IllegalArgumentException with a user-facing sentence
     */
    default void checkReferences(JobConfig config) {
    }
}
