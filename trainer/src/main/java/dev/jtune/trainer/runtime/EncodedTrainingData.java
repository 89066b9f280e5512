package dev.jtune.trainer.runtime;

import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.data.batch.BatchPlan;
import dev.jtune.trainer.data.batch.TrainingSet;
import dev.jtune.trainer.job.TrainingData;

import java.util.List;

/**
 * A job's data once encoded: the seeded {@link BatchPlan} gives batch (epoch, index) the same rows in every run,
 * which is what makes resume continue the uninterrupted data order.
 */
public final class EncodedTrainingData implements TrainingData {

    private final TrainingSet train;
    private final BatchPlan plan;
    private final TrainingSet validation;
    private final int batchSize;

    public EncodedTrainingData(TrainingSet train, TrainingSet validation, int batchSize, long seed) {
        this.train = train;
        this.plan = train.plan(batchSize, seed);
        this.validation = validation;
        this.batchSize = batchSize;
    }

    public TrainingSet trainSet() {
        return train;
    }

    /** Null when the job has no validation data. */
    public TrainingSet validationSet() {
        return validation;
    }

    @Override
    public long examples() {
        return train.examples();
    }

    @Override
    public long tokensPerEpoch() {
        return train.tokens();
    }

    @Override
    public long batchesPerEpoch() {
        return plan.batchesPerEpoch();
    }

    @Override
    public Batch batch(int epoch, long index) {
        return train.batch(plan.batch(epoch, Math.toIntExact(index)));
    }

    @Override
    public long trainingRows() {
        return train.rows();
    }

    @Override
    public int longestRow() {
        int longest = 0;
        for (int r = 0; r < train.rows(); r++) {
            longest = Math.max(longest, train.rowLength(r));
        }
        return longest;
    }

    @Override
    public List<Batch> validationBatches() {
        return validation == null || validation.rows() == 0 ? List.of() : validation.inOrder(batchSize);
    }
}
