package dev.jtune.trainer.job;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A job submitted in this JVM: stop it, wait for it, listen to it. */
public final class JobHandle {

    private final Job job;
    private final List<JobListener> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean stopRequested;

    JobHandle(Job job, List<JobListener> listeners) {
        this.job = job;
        this.listeners.addAll(listeners);
    }

    public String name() {
        return job.name();
    }

    public Job job() {
        return job;
    }

    public JobStatus status() {
        return job.status();
    }

    public void addListener(JobListener listener) {
        listeners.add(listener);
    }

    public void removeListener(JobListener listener) {
        listeners.remove(listener);
    }

    /**
     * Asks the job to stop: the current step finishes, a checkpoint is saved and the status becomes
     * {@code stopped}. A queued job stops without training. Returns at once; {@link #await} waits.
     */
    public void stop() {
        stopRequested = true;
    }

    /** Asked here, or by another process on this workspace through the job's stop-request file. */
    public boolean stopRequested() {
        return stopRequested || job.stopRequestPending();
    }

    /** Blocks until the job ends (succeeded, failed or stopped); returns its final status. */
    public JobStatus await() throws InterruptedException {
        done.await();
        return status();
    }

    /** @return true when the job ended within the timeout */
    public boolean await(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isDone() {
        return done.getCount() == 0;
    }

    List<JobListener> listeners() {
        return listeners;
    }

    void markDone() {
        done.countDown();
    }

    @Override
    public String toString() {
        return job.toString();
    }
}
