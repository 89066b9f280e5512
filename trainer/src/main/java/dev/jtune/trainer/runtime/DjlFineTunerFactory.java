package dev.jtune.trainer.runtime;

import ai.djl.Device;
import dev.jtune.trainer.engine.DjlFineTuner;
import dev.jtune.trainer.engine.FineTuner;
import dev.jtune.trainer.engine.RecomputePlanner;
import dev.jtune.trainer.job.FineTunerFactory;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.model.ModelConfig;

import java.io.IOException;
import java.nio.file.Path;

/** Jobs and publishing train with the DJL engine on one device; {@code precision auto} follows that device. */
public final class DjlFineTunerFactory implements FineTunerFactory {

    private final Device device;

    public DjlFineTunerFactory(Device device) {
        this.device = device;
    }

    @Override
    public FineTuner create(Path baseModelFolder, JobConfig config) throws IOException {
        return DjlFineTuner.create(baseModelFolder, config.toSpec(device.isGpu()), device);
    }

    @Override
    public String gradCheckpointingPlan(Path baseModelFolder, JobConfig config, int rows, int t) throws IOException {
        ModelConfig model = ModelConfig.load(baseModelFolder.resolve("config.json"));
        return RecomputePlanner.preview(config.toSpec(device.isGpu()), model, device, rows, t).describe();
    }

    @Override
    public String deviceName() {
        return device.isGpu() ? "the GPU" : "the CPU";
    }
}
