package dev.jtune.magics.cli;

import dev.jtune.trainer.cli.EvalOptions;
import dev.jtune.trainer.eval.EvalMetric;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    EvalOptions options;

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
        return options.data();
    }

    public EvalMetric metric() {
        return options.metric();
    }

    /** The most examples to score, 0 for all. */
    public int limit() {
        return options.limit();
    }
}
