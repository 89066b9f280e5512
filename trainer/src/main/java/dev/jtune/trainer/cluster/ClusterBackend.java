package dev.jtune.trainer.cluster;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One way to reach a scheduler: the Slurm commands on this machine or over SSH ({@link SlurmCommands}), or
 * slurmrestd ({@link SlurmRest}). Job folders live on a filesystem the nodes and the notebook share, so a backend
 * only submits, asks, cancels and reads files; it never copies a job.
 */
public interface ClusterBackend {

    /** Submits the batch job; returns the scheduler's job id. Refusals are {@link ClusterException}s. */
    String submit(BatchRequest request);

    /** The scheduler's view of the job; {@link SchedulerState#UNKNOWN} once it forgot the job (MinJobAge). */
    SchedulerJob status(String schedulerId);

    /** Asks the scheduler to end the job (Slurm sends SIGTERM, then SIGKILL after KillWait). */
    void cancel(String schedulerId);

    /** A file of the shared filesystem as the cluster sees it (the scheduler's output file, a marker). */
    String readFile(Path file) throws IOException;
}
