package dev.jtune.trainer.cluster;

import dev.jtune.trainer.data.DatasetSplit;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.ResolvedModel;
import dev.jtune.trainer.runtime.JTuneRuntime;
import dev.jtune.trainer.runtime.JobDataFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A job's parameters and data exported for an external engine, with the examples JTune itself would train and
 * validate on: the same split (held out at load, or {@code val-ratio} with the seed) and the same seeded
 * {@code max-samples} subset, so the engines see JTune's data exactly.
 */
public final class EngineExports {

    private EngineExports() {
    }

    public static ExternalEngine.Export export(JTuneRuntime rt, JobConfig config, String engine, Path dir)
            throws IOException {
        ExternalEngine e = ExternalEngine.named(engine);
        ResolvedModel base = rt.resolver().resolve(config.base());
        if (base.hasCheckpoint()) {
            throw new IllegalArgumentException("--base " + config.base() + " names a job's checkpoint; --engine "
                    + engine + " starts from a HuggingFace folder: publish it first (%publish) and use that");
        }
        JobDataFactory data = rt.jobData();
        data.checkReferences(config);
        DatasetSplit split = data.split("--data", config.data(), config.seed());
        List<Example> train;
        List<Example> validation;
        if (config.val() != null) {
            train = split.train();
            validation = data.examples("--val", config.val(), config.seed());
        } else if (split.holdsOut()) {
            train = split.train();
            validation = split.validation();
        } else {
            DatasetSplit s = DatasetSplit.of(split.train(), config.valRatio(), config.seed());
            train = s.train();
            validation = s.validation();
        }
        train = JobDataFactory.sample(train, config.maxSamples(), config.seed());
        return e.write(config, base.baseFolder().toAbsolutePath(), train, validation, dir.toAbsolutePath());
    }
}
