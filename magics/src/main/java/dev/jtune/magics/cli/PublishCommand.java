package dev.jtune.magics.cli;

import dev.jtune.trainer.cli.PublishOptions;
import dev.jtune.trainer.publish.PublishRequest;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code %publish JOB [--step N | --best | --last] [--name NAME] [--adapter-only] [--overwrite]}: the options are
 * {@code jtune-train publish}'s ({@link PublishOptions}), so both offer the same flags and defaults.
 */
@Command(name = "%publish", description = "Merge a job's checkpoint into its base and write a HuggingFace model folder "
        + "into the workspace's models/ (or the adapter alone).")
public final class PublishCommand {
    @Mixin
    HelpFlag help;

    @Parameters(index = "0", paramLabel = "JOB[:STEP]", description = "The job to publish, or JOB:STEP (also JOB:best, JOB:last) for one of its checkpoints.")
    String job;

    @Mixin
    PublishOptions options;

    public String job() {
        return job;
    }

    public PublishRequest request() {
        return options.request(job);
    }
}
