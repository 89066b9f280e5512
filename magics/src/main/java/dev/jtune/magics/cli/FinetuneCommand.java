package dev.jtune.magics.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.jtune.trainer.engine.GradCheckpointing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code %finetune} (flags) and {@code %%finetune} (the same parameters as a YAML body). Only the parameters
 * the user gave are kept ({@link #parameters()}); the trainer fills every default, so the effective table and
 * the job's config.json show one source of truth.
 */
@Command(name = "%finetune", sortOptions = false,
        description = {"Fine-tune a model on a loaded dataset. The cell waits for the job like model.fit; "
                + "interrupt stops it cleanly with a checkpoint.",
                "%%%%finetune takes the same parameters as YAML in the cell body, e.g. 'lr: 2e-4'."})
public final class FinetuneCommand implements Validated {
    /** Flags that steer the magic rather than the training; they are not job parameters. */
    private static final Set<String> NOT_PARAMETERS = Set.of("--help", "--name", "--background");

    @Spec
    CommandSpec spec;

    @Mixin
    HelpFlag help;

    @Option(names = "--base", paramLabel = "MODEL",
            description = "The model to start from: tiny, a folder, a job, JOB:STEP, a published name or a hub id.")
    String base;

    @Option(names = "--data", paramLabel = "NAME", description = "The training dataset, loaded with %%dataset load.")
    String data;

    @Option(names = "--name", paramLabel = "JOB", description = "The job's name (default: made from the base and data).")
    String name;

    @Option(names = "--val", paramLabel = "NAME", description = "A validation dataset (default: the training set's validation split).")
    String val;

    @Option(names = "--method", paramLabel = "METHOD", description = "lora or full.")
    TrainingMethod method;

    @Option(names = "--epochs", paramLabel = "E", converter = Converters.Positive.class,
            description = "Passes over the data (2.5 is fine: the last pass stops halfway).")
    Double epochs;

    @Option(names = "--lr", paramLabel = "LR", converter = Converters.Positive.class, description = "Peak learning rate.")
    Double lr;

    @Option(names = "--batch-size", paramLabel = "B", converter = Converters.AtLeastOne.class, description = "Sequences per step on the device.")
    Integer batchSize;

    @Option(names = "--grad-accum", paramLabel = "G", converter = Converters.AtLeastOne.class,
            description = "Batches accumulated into one optimizer step.")
    Integer gradAccum;

    @Option(names = "--max-seq-len", paramLabel = "T", converter = Converters.AtLeastOne.class,
            description = "Truncation length in tokens.")
    Integer maxSeqLen;

    @Option(names = "--packing", arity = "0..1", paramLabel = "true|false",
            description = "Pack several examples into one sequence (no attention across them).")
    Boolean packing;

    @Option(names = "--scheduler", paramLabel = "NAME",
            description = "linear, cosine, cosine-restarts, polynomial, constant or constant-warmup.")
    SchedulerName scheduler;

    @Option(names = "--num-cycles", paramLabel = "C", converter = Converters.Positive.class,
            description = "Cosine waves (cosine, cosine-restarts).")
    Double numCycles;

    @Option(names = "--lr-end", paramLabel = "X", converter = Converters.NonNegative.class, description = "Final learning rate (polynomial).")
    Double lrEnd;

    @Option(names = "--power", paramLabel = "P", converter = Converters.Positive.class, description = "Decay power (polynomial).")
    Double power;

    @Option(names = "--warmup-ratio", paramLabel = "W", converter = Converters.Fraction.class,
            description = "Share of steps spent warming up, 0 to 1.")
    Double warmupRatio;

    @Option(names = "--weight-decay", paramLabel = "D", converter = Converters.NonNegative.class, description = "AdamW weight decay.")
    Double weightDecay;

    @Option(names = "--max-grad-norm", paramLabel = "N", converter = Converters.NonNegative.class,
            description = "Clip the global gradient norm (0 turns clipping off).")
    Double maxGradNorm;

    @Option(names = "--lora-r", paramLabel = "R", converter = Converters.AtLeastOne.class, description = "LoRA rank.")
    Integer loraR;

    @Option(names = "--lora-alpha", paramLabel = "A", converter = Converters.Positive.class, description = "LoRA alpha (scale alpha/r).")
    Double loraAlpha;

    @Option(names = "--lora-dropout", paramLabel = "P", converter = Converters.Fraction.class, description = "Dropout on the LoRA input, 0 to 1.")
    Double loraDropout;

    @Option(names = "--lora-targets", paramLabel = "all-linear|q_proj,v_proj,...", converter = Converters.LoraTargets.class,
            description = "Layers that get adapters.")
    List<String> loraTargets;

    @Option(names = "--rslora", arity = "0..1", paramLabel = "true|false", description = "Scale by alpha/sqrt(r) (rank-stabilized LoRA).")
    Boolean rslora;

    @Option(names = "--loraplus-ratio", paramLabel = "K", converter = Converters.Positive.class,
            description = "LoRA+: B learns at K times the learning rate.")
    Double loraplusRatio;

    @Option(names = "--precision", paramLabel = "P", description = "auto, fp32, fp16 or bf16.")
    PrecisionName precision;

    @Option(names = "--grad-checkpointing", paramLabel = "auto|on|off",
            description = "Recompute each layer's activations in backward to save memory (auto: when needed).")
    GradCheckpointing gradCheckpointing;

    @Option(names = "--save-steps", paramLabel = "N", converter = Converters.AtLeastOne.class, description = "Save a checkpoint every N steps.")
    Integer saveSteps;

    @Option(names = "--save-limit", paramLabel = "K", converter = Converters.AtLeastOne.class,
            description = "Keep the newest K checkpoints (and the best).")
    Integer saveLimit;

    @Option(names = "--log-steps", paramLabel = "N", converter = Converters.AtLeastOne.class, description = "Log metrics every N steps.")
    Integer logSteps;

    @Option(names = "--eval-steps", paramLabel = "N", converter = Converters.AtLeastOne.class,
            description = "Compute the validation loss every N steps.")
    Integer evalSteps;

    @Option(names = "--early-stop-patience", paramLabel = "N", converter = Converters.AtLeastOne.class,
            description = "Stop after N evaluations without improvement.")
    Integer earlyStopPatience;

    @Option(names = "--early-stop-delta", paramLabel = "X", converter = Converters.NonNegative.class,
            description = "The smallest change that counts as improvement.")
    Double earlyStopDelta;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (same seed and data, same loss curve on the CPU).")
    Long seed;

    @Option(names = "--max-steps", paramLabel = "N", converter = Converters.AtLeastOne.class, description = "Stop after N optimizer steps.")
    Integer maxSteps;

    @Option(names = "--resume", paramLabel = "JOB[:STEP]", description = "Continue from a job's checkpoint (the newest unless STEP is given).")
    String resume;

    @Option(names = "--background", description = "Return at once; watch with %%jobs and %%loss.")
    boolean background;

    @Override
    public void validate() {
        if (resume == null) {
            if (base == null) {
                throw new UsageError("%finetune: --base is required (the model to start from: tiny, a folder, a job, "
                        + "JOB:STEP, a published name or a hub id). See %finetune --help.");
            }
            if (data == null) {
                throw new UsageError("%finetune: --data is required (a dataset loaded with %dataset load). See %finetune --help.");
            }
        }
    }

    /** The job name the user chose, or null to let the workspace make one. */
    public String name() {
        return name;
    }

    public boolean background() {
        return background;
    }

    /**
     * The training parameters given explicitly, in the order of the flags above, keyed by the flag's name
     * without dashes ({@code batch-size}). Choices are their typed words ({@code cosine-restarts}).
     */
    public Map<String, Object> parameters() {
        Map<String, Object> given = new LinkedHashMap<>();
        for (OptionSpec option : spec.options()) {
            if (NOT_PARAMETERS.contains(option.longestName()) || !spec.commandLine().getParseResult().hasMatchedOption(option)) {
                continue;
            }
            Object value = option.getValue();
            given.put(option.longestName().substring(2), value instanceof Enum<?> e ? Choices.word(e) : value);
        }
        return given;
    }

    /** The names of every training parameter, for checking YAML keys and {@code %jobs copy --set}. */
    public static List<String> parameterNames() {
        CommandSpec spec = CommandParser.commandLine(new FinetuneCommand()).getCommandSpec();
        return spec.options().stream().map(OptionSpec::longestName)
                .filter(name -> !NOT_PARAMETERS.contains(name)).map(name -> name.substring(2)).toList();
    }
}
