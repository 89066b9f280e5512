package dev.jtune.trainer.cluster;

import dev.jtune.trainer.job.HfCheckpoints;

import dev.jtune.trainer.job.CheckpointSaved;
import dev.jtune.trainer.job.Job;
import dev.jtune.trainer.job.JobEvent;
import dev.jtune.trainer.job.JobState;
import dev.jtune.trainer.job.JobStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps the JTune files of a job run by LLaMA-Factory or TRL ({@code status.json}, {@code events.jsonl}) up to date
 * from the engine's own files and the batch script's markers, so %jobs, %loss and the live display read it like any
 * job. Runs where the notebook follows the job (the shared filesystem), each time it looks.
 */
public final class ExternalJobSync {

    /** Written by the batch script when the engine starts on the nodes. */
    public static final String STARTED = "cluster-started";

    private ExternalJobSync() {
    }

    /** Updates the job's status.json and events.jsonl; a job trained by JTune itself is left alone. */
    public static void sync(Job job) {
        ClusterJobRecord record = ClusterJobRecord.of(job).orElse(null);
        // An ended job's files no longer change; translating them again would move its recorded end time.
        if (record == null || "jtune".equals(record.engine()) || job.hasRecordedEnd()) {
            return;
        }
        Path dir = job.dir();
        Path output = dir.resolve("output");
        try {
            List<Path> checkpoints = HfCheckpoints.complete(output);
            EngineProgress p = "llamafactory".equals(record.engine())
                    ? EngineProgress.fromTrainerLog(output.resolve("trainer_log.jsonl"))
                    : checkpoints.isEmpty() ? EngineProgress.NONE
                    : EngineProgress.fromTrainerState(checkpoints.get(checkpoints.size() - 1)
                            .resolve("trainer_state.json"));
            List<JobEvent> events = new ArrayList<>(p.events());
            for (Path c : checkpoints) {
                events.add(new CheckpointSaved(HfCheckpoints.step(c), dir.relativize(c).toString(), null, null));
            }
            events.sort(Comparator.comparingLong(JobEvent::step));
            job.eventLog().replace(events);

            Long last = checkpoints.isEmpty() ? null : HfCheckpoints.step(checkpoints.get(checkpoints.size() - 1));
            String now = Instant.now().toString();
            JobStatus s;
            Path exit = dir.resolve(Job.CLUSTER_EXIT);
            if (Files.isRegularFile(exit)) {
                String code = Files.readString(exit).strip();
                long step = Math.max(p.step(), last == null ? 0 : last);
                if (code.equals("0")) {
                    s = new JobStatus(JobState.SUCCEEDED, null, step, Math.max(p.totalSteps(), step), last, null,
                            null, null, now, now);
                } else if (Files.exists(dir.resolve("stop-request"))) {
                    s = new JobStatus(JobState.STOPPED, "cancelled on request"
                            + (last == null ? "; no checkpoint was complete" : "; its last complete checkpoint is "
                            + last), step, p.totalSteps(), last, null, null, null, now, now);
                } else {
                    s = new JobStatus(JobState.FAILED, record.engine() + " ended with exit status " + code
                            + "; see %jobs logs " + job.name(), step, p.totalSteps(), last, null, null, null, now, now);
                }
            } else if (Files.isRegularFile(dir.resolve(STARTED))) {
                s = new JobStatus(JobState.RUNNING, null, p.step(), p.totalSteps(), last, null, null, null, now, null);
            } else {
                return;  // still queued: status.json says created, which reads as queued
            }
            job.recordExternalStatus(s);
        } catch (IOException e) {
            // a file being written by the engine: the next look catches up
        }
    }

}
