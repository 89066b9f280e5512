package dev.jtune.trainer.cluster;

import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.job.JobConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An established distributed trainer a job can run on instead of JTune's own: its config written from the job's
 * parameters, its data, and the command that launches it across the allocated nodes.
 */
public interface ExternalEngine {

    /** The {@code --engine} value. */
    String name();

    /**
     * Writes the engine's files for a job into {@code dir}: data, config, and nothing else.
     *
     * @param base       the base model's folder (a HuggingFace folder the nodes can read)
     * @param train      the training examples, already sampled as JTune would ({@code max-samples}, seed)
     * @param validation held-out examples, possibly empty
     */
    Export write(JobConfig config, Path base, List<Example> train, List<Example> validation, Path dir)
            throws IOException;

    /**
     * The batch-script lines that launch the engine on every allocated node ({@code srun}, one task per node);
     * {@code python} is the environment's activate script or empty to use the nodes' PATH.
     */
    String launch(Export export, JobConfig config, String activate);

    /**
     * What was written.
     *
     * @param config   the engine's config file
     * @param output   where the engine writes checkpoints and logs
     * @param unmapped JTune parameters the engine cannot take as they are, each with why (the plan lists them)
     */
    record Export(Path config, Path output, List<String> unmapped) {
    }

    static ExternalEngine named(String engine) {
        return switch (engine) {
            case "llamafactory" -> new LlamaFactoryEngine();
            case "trl" -> new TrlEngine();
            default -> throw new IllegalArgumentException("--engine " + engine + ": exportable engines are "
                    + "llamafactory and trl");
        };
    }
}
