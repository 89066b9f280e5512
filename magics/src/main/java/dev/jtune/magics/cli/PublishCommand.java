package dev.jtune.magics.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code %publish JOB [--step N | --best | --last] [--name NAME] [--adapter-only]}. */
@Command(name = "%publish", description = "Merge a job's checkpoint into its base and write a HuggingFace model folder "
        + "into the workspace's models/ (or the adapter alone).")
public final class PublishCommand {
    /** Which checkpoint to publish. */
    public enum Pick { STEP, BEST, LAST }

    @Mixin
    HelpFlag help;

    @Parameters(index = "0", paramLabel = "JOB", description = "The job to publish.")
    String job;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Checkpoint checkpoint;

    static final class Checkpoint {
        @Option(names = "--step", paramLabel = "N", converter = Converters.AtLeastZero.class, description = "The checkpoint of step N.")
        Integer step;

        @Option(names = "--best", description = "The checkpoint with the lowest validation loss (the default).")
        boolean best;

        @Option(names = "--last", description = "The newest checkpoint.")
        boolean last;
    }

    @Option(names = "--name", paramLabel = "NAME", description = "The published model's name (default: JOB-model; a model may not take a job's name).")
    String name;

    @Option(names = "--adapter-only", description = "Write the LoRA adapter alone (PEFT format), not merged weights.")
    boolean adapterOnly;

    public String job() {
        return job;
    }

    public Pick pick() {
        if (checkpoint == null || checkpoint.best) {
            return Pick.BEST;
        }
        return checkpoint.last ? Pick.LAST : Pick.STEP;
    }

    /** The step for {@link Pick#STEP}, else null. */
    public Integer step() {
        return checkpoint == null ? null : checkpoint.step;
    }

    /** The --name given, else {@code JOB-model} (a model may not take its job's name). */
    public String name() {
        return name == null ? dev.jtune.trainer.publish.PublishRequest.defaultName(job) : name;
    }

    public boolean adapterOnly() {
        return adapterOnly;
    }
}
