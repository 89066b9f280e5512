package dev.jtune.trainer.cluster;

import dev.jtune.trainer.job.JobState;

import java.util.Locale;

/** Slurm's job states, folded into the few JTune needs; see {@code squeue --help}'s JOB STATE CODES. */
public enum SchedulerState {
    PENDING(JobState.QUEUED),
    RUNNING(JobState.RUNNING),
    COMPLETED(JobState.SUCCEEDED),
    CANCELLED(JobState.STOPPED),
    FAILED(JobState.FAILED),
    /** The scheduler no longer knows the job; the job's own marker decides. */
    UNKNOWN(JobState.INTERRUPTED);

    private final JobState jobState;

    SchedulerState(JobState jobState) {
        this.jobState = jobState;
    }

    /** The JTune state a job in this scheduler state shows when its folder has no marker of its own. */
    public JobState jobState() {
        return jobState;
    }

    public boolean isFinished() {
        return this == COMPLETED || this == CANCELLED || this == FAILED;
    }

    /** Slurm's state name ({@code RUNNING}, {@code CANCELLED by 0} as scontrol writes it, {@code OUT_OF_MEMORY}...). */
    public static SchedulerState fromSlurm(String name) {
        String s = name == null ? "" : name.strip().toUpperCase(Locale.ROOT);
        int space = s.indexOf(' ');
        if (space > 0) {
            s = s.substring(0, space);
        }
        return switch (s) {
            case "PENDING", "CONFIGURING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESV_DEL_HOLD", "SUSPENDED",
                 "STOPPED", "SPECIAL_EXIT" -> PENDING;
            case "RUNNING", "COMPLETING", "SIGNALING", "STAGE_OUT", "RESIZING" -> RUNNING;
            case "COMPLETED" -> COMPLETED;
            case "CANCELLED", "PREEMPTED", "REVOKED", "DEADLINE" -> CANCELLED;
            case "FAILED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "BOOT_FAIL" -> FAILED;
            default -> UNKNOWN;
        };
    }
}
