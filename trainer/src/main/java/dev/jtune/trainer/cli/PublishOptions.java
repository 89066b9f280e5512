package dev.jtune.trainer.cli;

import dev.jtune.trainer.job.ModelRef;
import dev.jtune.trainer.publish.PublishRequest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The options of publishing, shared by {@code jtune-train publish} and the {@code %publish} magic (mixed into
 * both), so the two cannot offer different flags or defaults.
 */
public final class PublishOptions {

    /** Which checkpoint; at most one of them. */
    static final class Which {
        @Option(names = "--step", paramLabel = "N", description = "The checkpoint of step N.")
        Long step;

        @Option(names = "--best", description = "The checkpoint with the lowest validation loss (the default; the "
                + "newest when the job has no validation data).")
        boolean best;

        @Option(names = "--last", description = "The newest checkpoint.")
        boolean last;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Which which;

    @Option(names = "--name", paramLabel = "NAME", description = "The published model's name (default: JOB-model; a model may not take a job's name).")
    String name;

    @Option(names = "--adapter-only", description = "Write the LoRA adapter alone (PEFT format), not merged weights.")
    boolean adapterOnly;

    @Option(names = "--overwrite", description = "Replace a published model of the same name.")
    boolean overwrite;

    /**
     * What to publish of {@code job}: a job name, or {@code JOB:STEP} / {@code JOB:best} / {@code JOB:last} as
     * {@code %chat} and {@code %eval} take it (then without --step, --best or --last).
     */
    public PublishRequest request(String job) {
        if (job.contains(":")) {
            String which = ModelRef.checkpointPart(job);
            if (this.which != null) {
                throw new IllegalArgumentException(job + " names a checkpoint already: drop --step, --best or --last, "
                        + "or publish " + ModelRef.jobPart(job) + " with one of them");
            }
            if (!which.matches("\\d+|best|last")) {
                throw new IllegalArgumentException(job + ": '" + which + "' is not a checkpoint; use JOB:STEP (a "
                        + "checkpoint's step), JOB:best or JOB:last");
            }
            return new PublishRequest(ModelRef.jobPart(job), which, name, adapterOnly, overwrite);
        }
        String checkpoint = PublishRequest.DEFAULT_CHECKPOINT;
        if (which != null && which.last) {
            checkpoint = "last";
        } else if (which != null && which.step != null) {
            if (which.step < 0) {
                throw new IllegalArgumentException("--step " + which.step + " is not a step: use a checkpoint's "
                        + "step (0 or more), --best or --last");
            }
            checkpoint = Long.toString(which.step);
        }
        return new PublishRequest(job, checkpoint, name, adapterOnly, overwrite);
    }
}
