package dev.jtune.magics.session;

import dev.jtune.trainer.data.DatasetCatalog;
import dev.jtune.trainer.hub.TinyModelSource;
import dev.jtune.trainer.job.FineTunerFactory;
import dev.jtune.trainer.job.TrainingDataFactory;

/**
 * The trainer's pluggable parts a session needs: how to build a fine-tuner for a base model, how a job opens
 * its data from the session's datasets, and where the built-in tiny model comes from.
 */
public interface TrainerWiring {
    FineTunerFactory fineTuners();

    TrainingDataFactory trainingData(DatasetCatalog catalog);

    TinyModelSource tinyModel();
}
