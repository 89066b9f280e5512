package dev.jtune.trainer.job;

/**
 * Callbacks from a job's training thread. They run on that thread between steps: keep them quick (hand work to
 * another thread to render). An exception thrown by a listener is ignored so that a display problem never kills a
 * job.
 */
public interface JobListener {

    /** Training begins (after queueing, data loading and model loading); {@code fromStep} > 0 on resume. */
    default void started(String job, long fromStep, long totalSteps) {
    }

    /** Something about the job's settings worth a look, before its first step (it trains anyway). */
    default void warning(String job, String message) {
    }

    /** After every optimizer step, for progress bars. */
    default void progress(String job, long step, long totalSteps, double loss) {
    }

    /** Every {@code log-steps} steps. */
    default void stepMetrics(String job, StepMetrics metrics) {
    }

    default void evaluated(String job, EvalMetrics metrics) {
    }

    default void checkpointSaved(String job, CheckpointSaved checkpoint) {
    }

    /** Ran to its last step, or stopped early by the early-stopping rule (the status message says so). */
    default void finished(String job, JobStatus status) {
    }

    default void failed(String job, JobStatus status) {
    }

    /** Stopped on request after saving a checkpoint. */
    default void stopped(String job, JobStatus status) {
    }
}
