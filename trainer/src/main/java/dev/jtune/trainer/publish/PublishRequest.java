package dev.jtune.trainer.publish;

/**
 * What {@code %publish JOB[:STEP] [--step N | --best | --last] [--name NAME] [--adapter-only]} asks for.
 *
 * @param job         job name
 * @param checkpoint  a step number, {@code best} or {@code last}
 * @param name        published model name (null = {@link #defaultName})
 * @param adapterOnly write the PEFT adapter alone instead of merged weights
 * @param overwrite   replace a published model of the same name
 */
public record PublishRequest(String job, String checkpoint, String name, boolean adapterOnly, boolean overwrite) {

    /** {@code JOB-model}: a published model may not take its job's name (a job's name means its newest checkpoint). */
    public static String defaultName(String job) {
        return job + "-model";
    }

    /**
     * The checkpoint published when none is named, on every surface: the lowest validation loss (the newest when
     * the job has no validation data), as hosted consoles pick the best checkpoint.
     */
    public static final String DEFAULT_CHECKPOINT = "best";

    /** The job's {@link #DEFAULT_CHECKPOINT}, under {@link #defaultName}, merged. */
    public static PublishRequest of(String job) {
        return new PublishRequest(job, DEFAULT_CHECKPOINT, null, false, false);
    }

    public PublishRequest withName(String newName) {
        return new PublishRequest(job, checkpoint, newName, adapterOnly, overwrite);
    }

    public PublishRequest withCheckpoint(String which) {
        return new PublishRequest(job, which, name, adapterOnly, overwrite);
    }

    public PublishRequest adapterOnly(boolean value) {
        return new PublishRequest(job, checkpoint, name, value, overwrite);
    }

    public PublishRequest overwrite(boolean value) {
        return new PublishRequest(job, checkpoint, name, adapterOnly, value);
    }
}
