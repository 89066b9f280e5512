package dev.jtune.magics.cli;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code %eval MODEL[,MODEL2] --data NAME [--metric exact|contains] [--limit N]}. */
@Command(name = "%eval", description = "Score models on a held-out messages dataset: generate each last assistant turn "
        + "and compare it with the expected one.")
public final class EvalCommand implements Validated {
    static final int MAX_MODELS = 2;

    @Mixin
    HelpFlag help;

    @Parameters(index = "0", arity = "1", paramLabel = "MODEL[,MODEL2]", converter = Converters.ModelList.class,
            description = "The model, or base and fine-tuned to compare: tiny, a folder, a job, JOB:STEP, a published name or a hub id.")
    List<String> models;

    @Option(names = "--data", required = true, paramLabel = "NAME", description = "The held-out dataset, loaded with %%dataset load.")
    String data;

    @Option(names = "--metric", paramLabel = "METRIC", description = "exact (after trimming) or contains (default: exact).")
    EvalMetric metric = EvalMetric.EXACT;

    @Option(names = "--limit", paramLabel = "N", converter = Converters.AtLeastOne.class, description = "Score only the first N examples.")
    Integer limit;

    @Override
    public void validate() {
        if (models.size() > MAX_MODELS) {
            throw new UsageError("%eval compares at most " + MAX_MODELS + " models; got " + models.size()
                    + " (" + String.join(", ", models) + ").");
        }
    }

    public List<String> models() {
        return List.copyOf(models);
    }

    public String data() {
        return data;
    }

    public EvalMetric metric() {
        return metric;
    }

    public Integer limit() {
        return limit;
    }
}
