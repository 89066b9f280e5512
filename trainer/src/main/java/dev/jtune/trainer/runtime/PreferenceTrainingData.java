package dev.jtune.trainer.runtime;

import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.data.batch.BatchPlan;
import dev.jtune.trainer.data.batch.PreferenceSet;
import dev.jtune.trainer.job.TrainingData;

import java.util.List;

/**
 * A DPO job's data once encoded: batches of {@code batch-size} pairs, each a [chosen; rejected] batch of twice as
 * many rows, in the seeded order that makes resume continue where the uninterrupted run would be.
 */
public final class PreferenceTrainingData implements TrainingData {

    private final PreferenceSet train;
    private final BatchPlan plan;
    private final PreferenceSet validation;
    private final int batchSize;

    public PreferenceTrainingData(PreferenceSet train, PreferenceSet validation, int batchSize, long seed) {
        this.train = train;
        this.plan = train.plan(batchSize, seed);
        this.validation = validation;
        this.batchSize = batchSize;
    }

    @Override
    public long examples() {
        return train.pairs();
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
        return train.pairs();
    }

    @Override
    public int sequencesPerRow() {
        return 2;
    }

    @Override
    public int longestRow() {
        return train.longestSequence();
    }

    @Override
    public List<Batch> validationBatches() {
        return validation == null || validation.pairs() == 0 ? List.of() : validation.inOrder(batchSize);
    }
}
