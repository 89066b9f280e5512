package dev.jtune.magics.cli;

import dev.jtune.trainer.cli.EvalOptions;
import dev.jtune.trainer.eval.EvalMetric;
import dev.jtune.trainer.eval.EvalSplit;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code %eval MODEL[,MODEL2[,MODEL3]] --data NAME [--split val|train|all] [--metric M,...] [--limit N]}. */
@Command(name = "%eval", description = "Score models on a messages dataset (its held-out split when it has one): "
        + "generate each last assistant turn and compare it with the expected one, or score the expected turns (loss).")
public final class EvalCommand implements Validated {
    static final int MAX_MODELS = 3;

    @Mixin
    HelpFlag help;

    @Parameters(index = "0", arity = "1", paramLabel = "MODEL[,MODEL2[,MODEL3]]", converter = Converters.ModelList.class,
            description = "The model, or up to 3 to compare side by side: tiny, a folder, a job, JOB:STEP, a published name or a hub id.")
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

    public List<EvalMetric> metrics() {
        return options.metrics();
    }

    /** The split asked for, null for the default (held out when the dataset has one). */
    public EvalSplit split() {
        return options.split();
    }

    /** The most examples to score, 0 for all. */
    public int limit() {
        return options.limit();
    }
}
