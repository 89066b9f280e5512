package dev.jtune.magics.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.data.CatalogEntry;
import dev.jtune.trainer.data.DatasetCatalog;
import dev.jtune.trainer.data.DatasetSplit;
import dev.jtune.trainer.data.Example;
import dev.jtune.trainer.data.batch.BatchPlan;
import dev.jtune.trainer.data.batch.SequenceOptions;
import dev.jtune.trainer.data.batch.TrainingSet;
import dev.jtune.trainer.hub.ResolvedModel;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.TrainingData;
import dev.jtune.trainer.job.TrainingDataFactory;
import dev.jtune.trainer.text.ChatEncoder;

/**
 * A job's batches from the session's datasets, encoded with the base model's tokenizer and chat template.
 * Validation data: {@code --val NAME}, else the dataset's own held-out split, else {@code val-ratio} of it.
 */
final class CatalogTrainingData implements TrainingDataFactory {
    private final DatasetCatalog catalog;

    CatalogTrainingData(DatasetCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public TrainingData open(JobConfig config, ResolvedModel model) {
        CatalogEntry entry = catalog.get(config.data());
        List<Example> train = entry.train();
        List<Example> validation;
        if (config.val() != null) {
            validation = catalog.get(config.val()).dataset().examples();
        } else if (!entry.validation().isEmpty()) {
            validation = entry.validation();
        } else {
            DatasetSplit split = DatasetSplit.of(train, config.valRatio(), config.seed());
            train = split.train();
            validation = split.validation();
        }
        if (config.maxSamples() > 0 && train.size() > config.maxSamples()) {
            List<Example> shuffled = new ArrayList<>(train);
            Collections.shuffle(shuffled, new Random(config.seed()));
            train = shuffled.subList(0, config.maxSamples());
        }
        try (ChatEncoder encoder = ChatEncoder.load(model.baseFolder())) {
            int padId = encoder.tokenizer().padId().orElse(0);
            SequenceOptions options = SequenceOptions.of(config.maxSeqLen(), config.packing(), padId);
            TrainingSet trainSet = TrainingSet.build(train, encoder, options);
            TrainingSet validationSet = validation.isEmpty() ? null : TrainingSet.build(validation, encoder, options);
            return new Prepared(trainSet, trainSet.plan(config.batchSize(), config.seed()),
                    validationSet == null ? List.of() : validationSet.inOrder(config.batchSize()));
        }
    }

    /** Encoded data in memory: the plan gives the same batches for (epoch, index) every time, as resume needs. */
    private record Prepared(TrainingSet train, BatchPlan plan, List<Batch> validation) implements TrainingData {
        @Override
        public long batchesPerEpoch() {
            return plan.batchesPerEpoch();
        }

        @Override
        public Batch batch(int epoch, long index) {
            return train.batch(plan.batch(epoch, (int) index));
        }

        @Override
        public List<Batch> validationBatches() {
            return validation;
        }
    }
}
