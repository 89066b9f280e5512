package dev.jtune.magics.cli;

import java.util.List;
import java.util.Map;

import dev.jtune.trainer.cli.JobOptions;
import dev.jtune.trainer.job.JobParameters;

import dev.jtune.trainer.engine.GradCheckpointing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code %finetune} (flags) and {@code %%finetune} (the same parameters as a YAML body). The job parameters are
 * the trainer's declared ones ({@link JobOptions}, the same options as {@code jtune-train finetune}); only the
 * parameters the user gave are kept ({@link #parameters()}), and the trainer records them as set by the user.
 */
@Command(name = "%finetune", sortOptions = false,
        description = {"Fine-tune a model on a loaded dataset. The cell waits for the job like model.fit; "
                + "interrupt stops it cleanly with a checkpoint.",
                "%%%%finetune takes the same parameters as YAML in the cell body, e.g. 'lr: 2e-4'."})
public final class FinetuneCommand implements Validated, BuildsOwnSpec {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpFlag help;

    @Option(names = "--background", description = "Return at once; watch with %%jobs and %%loss.")
    boolean background;

    @Option(names = "--dry-run", description = "Show the plan (parameters, examples, tokens, optimizer steps, a time "
            + "estimate) and stop, creating no job.")
    boolean dryRun;

    @Override
    public CommandSpec buildSpec() {
        CommandSpec built = CommandSpec.forAnnotatedObject(this);
        JobOptions.addTo(built);
        // picocli formats these lines: %% is one percent sign
        built.usageMessage().customSynopsis(
                "%%finetune --base MODEL --data NAME [--PARAMETER VALUE]... [--dry-run]",
                "       %%finetune --resume JOB[:STEP] [--PARAMETER VALUE]... [--background]",
                "       %%%%finetune [--name JOB], then 'parameter: value' lines in the cell body");
        return built;
    }

    @Override
    public void validate() {
        Map<String, Object> given = parameters();
        if (!given.containsKey("resume") && !given.containsKey("init-from") && !given.containsKey("base")) {
            throw new UsageError("%finetune: --base is required (the model to start from: tiny, a folder, a job, "
                    + "JOB:STEP, a published name or a hub id). See %finetune --help.");
        }
        if (!given.containsKey("resume") && !given.containsKey("data")) {
            throw new UsageError("%finetune: --data is required (a dataset loaded with %dataset load). See %finetune --help.");
        }
    }

    /** The job name the user chose, or null to let the workspace make one. */
    public String name() {
        return (String) parameters().get("name");
    }

    public boolean background() {
        return background;
    }

    public boolean dryRun() {
        return dryRun;
    }

    /**
     * The job parameters given explicitly, in the order typed, keyed by name ({@code batch-size}) with typed
     * values ({@code lr -> 2.0E-4}, {@code lora-targets -> [q_proj, v_proj]}).
     */
    public Map<String, Object> parameters() {
        return JobOptions.given(spec.commandLine().getParseResult());
    }

    /** The given parameters as the text the trainer reads. */
    public Map<String, String> parameterText() {
        return JobOptions.asText(parameters());
    }

    /** The names of every job parameter, for YAML keys and {@code %jobs copy --set}. */
    public static List<String> parameterNames() {
        return JobParameters.names();
    }
}
