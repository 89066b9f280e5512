package dev.jtune.trainer.cluster;

/**
 * What the scheduler says about one job. {@code reason} is Slurm's (e.g. {@code Resources}, {@code NonZeroExitCode})
 * or empty; {@code node} is where it runs (empty while pending).
 */
public record SchedulerJob(String id, SchedulerState state, String reason, String node) {

    public static SchedulerJob forgotten(String id) {
        return new SchedulerJob(id, SchedulerState.UNKNOWN, "", "");
    }
}
