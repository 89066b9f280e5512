package dev.jtune.trainer.job;

import dev.jtune.trainer.data.Batch;

import java.util.List;

/**
 * The batches a job trains on, in a deterministic order: the same seed gives the same batch for (epoch, index),
 * so a resumed job continues with exactly the batches the uninterrupted run would have seen.
 * Implemented by the data package (split, mix, shuffle per epoch, pack, pad).
 */
public interface TrainingData {

    /** Training examples (before packing). */
    long examples();

    /** Tokens of one epoch after truncation (padding excluded), as the job will see them. */
    long tokensPerEpoch();

    /** Micro-batches in one epoch (each is one forward/backward; {@code grad-accum} of them make a step). */
    long batchesPerEpoch();

    /** The {@code index}-th micro-batch of epoch {@code epoch} (both 0-based). */
    Batch batch(int epoch, long index);

    /** Validation batches (empty when the job has no validation data). */
    List<Batch> validationBatches();

    /**
     * What {@code --batch-size} counts, in one epoch: examples, sequences after packing, or preference pairs; -1 when
     * the source does not tell.
     */
    default long trainingRows() {
        return -1;
    }

    /** Sequences one of those rows puts through the model: 2 for a preference pair (chosen and rejected). */
    default int sequencesPerRow() {
        return 1;
    }

    /** Tokens of the longest training row (after truncation and packing); -1 when the source does not tell. */
    default int longestRow() {
        return -1;
    }
}
