package dev.jtune.magics.cli;

import dev.jtune.trainer.cli.OptionConverters;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code %loss [JOB ...] [--val] [--lr] [--metric NAME] [--smooth W]}: loss (or a metric) against step. */
@Command(name = "%loss", description = "Plot training loss against step for one or more jobs (default: the newest job).")
public final class LossCommand {
    @Mixin
    HelpFlag help;

    @Parameters(arity = "0..*", paramLabel = "JOB", description = "Jobs to plot together.")
    List<String> jobs;

    @Option(names = "--val", description = "Add the validation loss.")
    boolean validation;

    @Option(names = "--lr", description = "Add the learning rate on a second axis.")
    boolean learningRate;

    @Option(names = "--metric", paramLabel = "NAME",
            description = "Plot a logged metric instead of the loss, e.g. rewards/margins or rewards/accuracies (DPO).")
    String metric;

    @Option(names = "--smooth", paramLabel = "W", converter = OptionConverters.AtLeastOne.class,
            description = "Moving-average window in log points (default: 1, no smoothing).")
    int smooth = 1;

    public List<String> jobs() {
        return jobs == null ? List.of() : List.copyOf(jobs);
    }

    public boolean validation() {
        return validation;
    }

    public boolean learningRate() {
        return learningRate;
    }

    /** The metric to plot, or null for the loss. */
    public String metric() {
        return metric;
    }

    public int smooth() {
        return smooth;
    }
}
