package dev.jtune.magics.live;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import dev.jtune.magics.render.TrainingProgress;
import dev.jtune.trainer.job.EvalMetrics;
import dev.jtune.trainer.job.JobListener;
import dev.jtune.trainer.job.JobStatus;
import dev.jtune.trainer.job.StepMetrics;

/**
 * Collects a job's events on its training thread (cheaply: fields and lists only) so the cell thread can draw
 * them at its own pace. {@link #version()} grows with every event, so the display redraws only on change.
 */
public final class TrainingWatcher implements JobListener {
    private final String job;
    private final double totalEpochs;
    private final AtomicLong version = new AtomicLong();
    private final List<StepMetrics> metrics = new CopyOnWriteArrayList<>();
    private final List<EvalMetrics> evaluations = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.ConcurrentLinkedQueue<String> warnings = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile String state = "queued";
    private volatile long startNanos;
    private volatile long fromStep;
    private volatile long step;
    private volatile long totalSteps;
    private volatile double lastLoss = Double.NaN;
    private volatile JobStatus finalStatus;

    public TrainingWatcher(String job, double totalEpochs) {
        this.job = job;
        this.totalEpochs = totalEpochs;
    }

    @Override
    public void warning(String job, String message) {
        warnings.add(message);
    }

    /** Warnings not taken yet, each given out once (the cell prints them). */
    public List<String> takeWarnings() {
        List<String> taken = new java.util.ArrayList<>();
        for (String w; (w = warnings.poll()) != null; ) {
            taken.add(w);
        }
        return taken;
    }

    @Override
    public void started(String job, long fromStep, long totalSteps) {
        this.startNanos = System.nanoTime();
        this.fromStep = fromStep;
        this.step = fromStep;
        this.totalSteps = totalSteps;
        this.state = "running";
        version.incrementAndGet();
    }

    @Override
    public void progress(String job, long step, long totalSteps, double loss) {
        this.step = step;
        this.totalSteps = totalSteps;
        this.lastLoss = loss;
        version.incrementAndGet();
    }

    @Override
    public void stepMetrics(String job, StepMetrics m) {
        metrics.add(m);
        version.incrementAndGet();
    }

    @Override
    public void evaluated(String job, EvalMetrics m) {
        evaluations.add(m);
        version.incrementAndGet();
    }

    @Override
    public void finished(String job, JobStatus status) {
        end(status);
    }

    @Override
    public void failed(String job, JobStatus status) {
        end(status);
    }

    @Override
    public void stopped(String job, JobStatus status) {
        end(status);
    }

    private void end(JobStatus status) {
        finalStatus = status;
        state = status.state().label();
        step = Math.max(step, status.step());
        version.incrementAndGet();
    }

    /** Marks a stop request at once, before the current step ends. */
    public void stopping() {
        if (finalStatus == null) {
            state = "stopping";
            version.incrementAndGet();
        }
    }

    public long version() {
        return version.get();
    }

    public List<StepMetrics> metrics() {
        return List.copyOf(metrics);
    }

    public List<EvalMetrics> evaluations() {
        return List.copyOf(evaluations);
    }

    public JobStatus finalStatus() {
        return finalStatus;
    }

    public TrainingProgress snapshot() {
        StepMetrics last = metrics.isEmpty() ? null : metrics.get(metrics.size() - 1);
        Double validation = evaluations.isEmpty() ? null : evaluations.get(evaluations.size() - 1).valLoss();
        Duration elapsed = startNanos == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - startNanos);
        Duration remaining = null;
        long done = step - fromStep;
        if (done > 0 && totalSteps > step && finalStatus == null) {
            remaining = elapsed.multipliedBy(totalSteps - step).dividedBy(done);
        } else if (finalStatus != null) {
            remaining = Duration.ZERO;
        }
        double epoch = last != null ? last.epoch() : 0;
        if (totalSteps > 0 && last != null && step > last.step()) {
            // Between log steps the epoch moves on with the step count.
            epoch = last.epoch() + (step - last.step()) * totalEpochs / totalSteps;
        } else if (last == null && totalSteps > 0) {
            epoch = step * totalEpochs / totalSteps;
        }
        Double loss = last != null ? Double.valueOf(last.loss()) : Double.isNaN(lastLoss) ? null : lastLoss;
        String message = finalStatus == null ? null : finalStatus.message();
        java.util.Map<String, Double> stageMetrics = new java.util.LinkedHashMap<>();
        if (last != null) {
            stageMetrics.putAll(last.metrics());
        }
        if (!evaluations.isEmpty()) {
            stageMetrics.putAll(evaluations.get(evaluations.size() - 1).metrics());
        }
        return new TrainingProgress(job, state, step, totalSteps, Math.min(epoch, totalEpochs), totalEpochs, loss, validation,
                last == null ? null : last.lr(), last == null ? 0 : last.tokensPerSecond(), last == null ? 0 : last.tokens(),
                elapsed, remaining, message, stageMetrics);
    }
}
