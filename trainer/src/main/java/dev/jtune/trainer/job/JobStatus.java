package dev.jtune.trainer.job;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;

/**
 * The content of {@code status.json}.
 *
 * @param message        why it failed / stopped early / was interrupted, as a sentence for the user
 * @param lastCheckpoint step of the newest checkpoint on disk, or null
 * @param pid            process that runs (or ran) the job; with {@code processStart} it tells whether that JVM
 *                       still lives
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JobStatus(JobState state, String message, long step, long totalSteps, Long lastCheckpoint,
                        Long pid, String processStart, String startedAt, String updatedAt, String finishedAt) {

    static JobStatus created() {
        return new JobStatus(JobState.CREATED, null, 0, 0, null, null, null, null, now(), null);
    }

    JobStatus with(JobState newState, String newMessage) {
        String finished = newState.isActive() || newState == JobState.CREATED ? null : now();
        return new JobStatus(newState, newMessage, step, totalSteps, lastCheckpoint, pid, processStart, startedAt,
                now(), finished);
    }

    JobStatus progress(long newStep, long newTotal) {
        return new JobStatus(state, message, newStep, newTotal, lastCheckpoint, pid, processStart, startedAt, now(),
                finishedAt);
    }

    JobStatus checkpoint(Long newLastCheckpoint) {
        return new JobStatus(state, message, step, totalSteps, newLastCheckpoint, pid, processStart, startedAt, now(),
                finishedAt);
    }

    /** Claimed by this JVM (queued or running here). */
    JobStatus ownedByThisProcess(JobState newState) {
        ProcessHandle self = ProcessHandle.current();
        String start = self.info().startInstant().map(Instant::toString).orElse(null);
        return new JobStatus(newState, null, step, totalSteps, lastCheckpoint, self.pid(), start,
                newState == JobState.RUNNING ? now() : startedAt, now(), null);
    }

    JobStatus started() {
        return new JobStatus(JobState.RUNNING, null, step, totalSteps, lastCheckpoint, pid, processStart, now(), now(),
                null);
    }

    /** Whether the process recorded here still lives (the same pid started at the same instant). */
    @JsonIgnore
    boolean ownerAlive() {
        if (pid == null) {
            return false;
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(p -> processStart == null || p.info().startInstant().map(Instant::toString)
                        .map(processStart::equals).orElse(true))
                .orElse(false);
    }

    @JsonIgnore
    public boolean isActive() {
        return state.isActive();
    }

    static String now() {
        return Instant.now().toString();
    }
}
