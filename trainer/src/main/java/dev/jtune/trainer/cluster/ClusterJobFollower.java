package dev.jtune.trainer.cluster;

import dev.jtune.trainer.job.CheckpointSaved;
import dev.jtune.trainer.job.EvalMetrics;
import dev.jtune.trainer.job.Job;
import dev.jtune.trainer.job.JobEvent;
import dev.jtune.trainer.job.JobListener;
import dev.jtune.trainer.job.JobState;
import dev.jtune.trainer.job.JobStatus;
import dev.jtune.trainer.job.StepMetrics;

import java.util.List;

/**
 * Follows a job that trains elsewhere (a cluster node) from the files of its folder on the shared filesystem, and
 * tells a {@link JobListener} what a local job's thread would have: started, progress, each new event of
 * {@code events.jsonl}, and the end. Call {@link #poll()} repeatedly; it reads only what changed.
 */
public final class ClusterJobFollower {

    private final Job job;
    private final JobListener listener;
    private boolean started;
    private int eventsSeen;
    private long lastStep = -1;
    private double lastLoss = Double.NaN;
    private JobStatus ended;

    public ClusterJobFollower(Job job, JobListener listener) {
        this.job = job;
        this.listener = listener;
    }

    /** Reads the job's files and reports what is new; true once the job has ended (reported once). */
    public boolean poll() {
        if (ended != null) {
            return true;
        }
        ExternalJobSync.sync(job);  // an external engine's files, translated into JTune's
        JobStatus s = job.status();
        if (!started && (s.state() == JobState.RUNNING || s.step() > 0 || isEnd(s))) {
            started = true;
            listener.started(job.name(), s.step(), s.totalSteps());
        }
        List<JobEvent> events = job.events();
        for (int i = eventsSeen; i < events.size(); i++) {
            JobEvent e = events.get(i);
            if (e instanceof StepMetrics m) {
                lastLoss = m.loss();
                listener.stepMetrics(job.name(), m);
            } else if (e instanceof EvalMetrics m) {
                listener.evaluated(job.name(), m);
            } else if (e instanceof CheckpointSaved c) {
                listener.checkpointSaved(job.name(), c);
            }
        }
        eventsSeen = events.size();
        if (s.step() != lastStep && started) {
            lastStep = s.step();
            listener.progress(job.name(), s.step(), s.totalSteps(), lastLoss);
        }
        if (isEnd(s)) {
            ended = s;
            switch (s.state()) {
                case SUCCEEDED -> listener.finished(job.name(), s);
                case STOPPED -> listener.stopped(job.name(), s);
                default -> listener.failed(job.name(), s);
            }
            return true;
        }
        return false;
    }

    public JobStatus status() {
        return ended != null ? ended : job.status();
    }

    private static boolean isEnd(JobStatus s) {
        return s.state() == JobState.SUCCEEDED || s.state() == JobState.STOPPED || s.state() == JobState.FAILED;
    }
}
