package dev.jtune.magics.session;

import ai.djl.Device;

import dev.jtune.trainer.data.DatasetCatalog;
import dev.jtune.trainer.engine.Devices;
import dev.jtune.trainer.engine.DjlFineTuner;
import dev.jtune.trainer.hub.TinyModelSource;
import dev.jtune.trainer.job.FineTunerFactory;
import dev.jtune.trainer.job.TrainingDataFactory;
import dev.jtune.trainer.tiny.TinyModel;

/**
 * The trainer as the notebook uses it: DJL fine-tuners on the best device (the first GPU, else the CPU), job
 * data from the session's datasets, and the built-in tiny model. Found by {@link java.util.ServiceLoader}.
 */
public final class DefaultTrainerWiring implements TrainerWiring {
    @Override
    public FineTunerFactory fineTuners() {
        return (baseFolder, config) -> {
            Device device = Devices.best();
            return DjlFineTuner.create(baseFolder, config.toSpec(device.isGpu()), device);
        };
    }

    @Override
    public TrainingDataFactory trainingData(DatasetCatalog catalog) {
        return new CatalogTrainingData(catalog);
    }

    @Override
    public TinyModelSource tinyModel() {
        return TinyModel::materialize;
    }
}
