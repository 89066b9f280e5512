package dev.jtune.trainer.job;

import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.engine.FineTuner;
import dev.jtune.trainer.engine.LossSum;
import dev.jtune.trainer.engine.StepResult;
import dev.jtune.trainer.io.AtomicFiles;
import dev.jtune.trainer.io.AtomicFolders;
import dev.jtune.trainer.schedule.LearningRateSchedule;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The training loop of one job on its thread: waits for the device, trains step by step, logs, evaluates,
 * checkpoints, applies early stopping and the save limit, and records how it ended. Everything it writes goes
 * through temp files or folders renamed into place, so a crash or a failure leaves the earlier checkpoints whole.
 */
final class TrainingRun implements Runnable {

    private final JobHandle handle;
    private final Job job;
    private final JobConfig config;
    /** Checkpoint to continue from (with optimizer state and data position), or null for a fresh start. */
    private final Path resumeFrom;
    private final ModelResolver resolver;
    private final FineTunerFactory tuners;
    private final TrainingDataFactory datasets;
    private final Semaphore device;

    private JobStatus status;
    private long step;

    TrainingRun(JobHandle handle, JobConfig config, Path resumeFrom, ModelResolver resolver, FineTunerFactory tuners,
                TrainingDataFactory datasets, Semaphore device) {
        this.handle = handle;
        this.job = handle.job();
        this.config = config;
        this.resumeFrom = resumeFrom;
        this.resolver = resolver;
        this.tuners = tuners;
        this.datasets = datasets;
        this.device = device;
        this.status = job.rawStatus();
    }

    @Override
    public void run() {
        try {
            // poll instead of interrupting the thread: an interrupt landing during training would close file
            // channels mid-write (ClosedByInterruptException)
            while (!device.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (handle.stopRequested()) {
                    setStatus(status.with(JobState.STOPPED, "stopped before it started"));
                    tell(l -> l.stopped(job.name(), status));
                    return;
                }
            }
            try {
                train();
            } finally {
                device.release();
            }
        } catch (Throwable t) {
            fail(t);
        } finally {
            handle.markDone();
        }
    }

    private void train() throws IOException {
        setStatus(status.ownedByThisProcess(JobState.RUNNING).started());
        ResolvedModel base = resolver.resolve(config.base());
        TrainingData data = datasets.open(config, base);
        long perEpoch = data.batchesPerEpoch();
        if (perEpoch <= 0) {
            throw new JobFailedException("the training data of job " + job.name() + " gives no batches: check --data "
                    + config.data() + " (and --max-samples, --val-ratio)");
        }
        long total = config.totalSteps(perEpoch);
        LearningRateSchedule schedule = config.schedule(total);
        List<Batch> validation = data.validationBatches();
        try (FineTuner tuner = tuners.create(base.baseFolder(), config)) {
            if (base.hasCheckpoint()) {
                restore(tuner, base.checkpoint(), false);
            }
            if (config.initFrom() != null && resumeFrom == null) {
                ResolvedModel init = resolver.resolve(config.initFrom());
                if (!init.hasCheckpoint()) {
                    throw new JobFailedException("--init-from " + config.initFrom() + " is not a job checkpoint: "
                            + "use JOB, JOB:STEP or JOB:best (to start from a plain model, use it as --base)");
                }
                restore(tuner, init.checkpoint(), false);
            }
            TrainerState state;
            if (resumeFrom != null) {
                state = readState(resumeFrom);
                restore(tuner, resumeFrom, true);
                job.eventLog().truncateAfter(state.step());
            } else {
                state = TrainerState.start(total, schedule, config.seed());
                job.eventLog().truncateAfter(-1);
            }
            new Loop(tuner, data, validation, perEpoch, total, schedule, state).run();
        }
    }

    /** The loop over optimizer steps; its counters are the {@link TrainerState} every checkpoint saves. */
    private final class Loop {
        final FineTuner tuner;
        final TrainingData data;
        final List<Batch> validation;
        final long perEpoch;
        final long total;
        final LearningRateSchedule schedule;
        final TrainerState state;
        final long startNanos = System.nanoTime();
        final double elapsedBefore;
        final boolean minimizeVal = "val_loss".equals(config.earlyStopMetric());
        long lastSavedStep = -1;

        Loop(FineTuner tuner, TrainingData data, List<Batch> validation, long perEpoch, long total,
             LearningRateSchedule schedule, TrainerState state) {
            this.tuner = tuner;
            this.data = data;
            this.validation = validation;
            this.perEpoch = perEpoch;
            this.total = total;
            this.schedule = schedule;
            this.state = state;
            this.elapsedBefore = state.elapsedSeconds();
            step = state.step();
            if (resumeFrom != null) {
                lastSavedStep = step;
            }
        }

        void run() throws IOException {
            setStatus(status.progress(step, total));
            long from = step;
            tell(l -> l.started(job.name(), from, total));
            while (step < total) {
                if (handle.stopRequested()) {
                    stopNow();
                    return;
                }
                long t0 = System.nanoTime();
                List<Batch> micro = nextMicroBatches();
                double lr = schedule.learningRate(step);
                StepResult r = tuner.step(micro, lr);
                step = state.step() + 1;
                if (!Double.isFinite(r.loss())) {
                    throw new JobFailedException("the loss became " + (Double.isNaN(r.loss()) ? "NaN" : "infinite")
                            + " at step " + step + ": lower --lr (now " + ValueRange.format(config.lr())
                            + "), raise --warmup-ratio (now " + ValueRange.format(config.warmupRatio())
                            + ") or set --max-grad-norm 1.0, and check the data; "
                            + job.lastCheckpoint().map(c -> "checkpoint " + c.step() + " is intact")
                            .orElse("there was no checkpoint yet"));
                }
                state.stepped(r.loss(), r.tokens(), (System.nanoTime() - t0) / 1e9);
                double loss = r.loss();
                tell(l -> l.progress(job.name(), step, total, loss));

                boolean last = step == total;
                boolean stopEarly = false;
                if (step % config.logSteps() == 0 || last) {
                    stopEarly = log(r, lr);
                }
                boolean saveDue = last || (config.saveSteps() > 0 && step % config.saveSteps() == 0);
                boolean evalDue = !validation.isEmpty()
                        && (last || (config.evalSteps() > 0 ? step % config.evalSteps() == 0 : saveDue));
                if (evalDue) {
                    stopEarly |= evaluate();
                }
                if (saveDue || stopEarly) {
                    save();
                }
                if (stopEarly) {
                    setStatus(status.progress(step, total).with(JobState.SUCCEEDED, "stopped early at step " + step
                            + ": " + config.earlyStopMetric() + " did not improve by more than "
                            + ValueRange.format(config.earlyStopDelta()) + " for "
                            + config.earlyStopPatience() + " checks (best " + state.bestMetric() + " at step "
                            + state.bestMetricStep() + ")"));
                    tell(l -> l.finished(job.name(), status));
                    return;
                }
            }
            setStatus(status.progress(step, total).with(JobState.SUCCEEDED, null));
            tell(l -> l.finished(job.name(), status));
        }

        /** Up to grad-accum micro-batches from the current epoch; a new epoch starts a new accumulation. */
        List<Batch> nextMicroBatches() {
            long n = Math.min(config.gradAccum(), state.batchesLeftInEpoch(perEpoch));
            long first = state.batchIndex();
            List<Batch> micro = new ArrayList<>((int) n);
            for (long i = 0; i < n; i++) {
                micro.add(data.batch(state.epochIndex(), first + i));
            }
            state.consumed(n);
            return micro;
        }

        double elapsed() {
            return elapsedBefore + (System.nanoTime() - startNanos) / 1e9;
        }

        /** @return true when early stopping on the training loss fires */
        boolean log(StepResult r, double lr) throws IOException {
            TrainerState.LogWindow window = state.closeWindow();
            StepMetrics m = new StepMetrics(step, state.epoch(perEpoch), window.meanLoss(), lr, r.gradNorm(),
                    state.tokensSeen(), window.tokensPerSecond(), elapsed());
            job.eventLog().append(m);
            setStatus(status.progress(step, total));
            tell(l -> l.stepMetrics(job.name(), m));
            return !minimizeVal && state.patienceRunsOut(window.meanLoss(), config.earlyStopDelta(),
                    config.earlyStopPatience());
        }

        /** @return true when early stopping on the validation loss fires */
        boolean evaluate() throws IOException {
            LossSum sum = LossSum.ZERO;
            for (Batch b : validation) {
                sum = sum.plus(tuner.evaluate(b));
            }
            double v = sum.mean();
            if (!Double.isFinite(v)) {
                return false;  // no scored validation tokens (or a broken batch): nothing to compare or plot
            }
            state.evaluated(v);
            EvalMetrics m = new EvalMetrics(step, state.epoch(perEpoch), v);
            job.eventLog().append(m);
            tell(l -> l.evaluated(job.name(), m));
            return minimizeVal && state.patienceRunsOut(v, config.earlyStopDelta(), config.earlyStopPatience());
        }

        void stopNow() throws IOException {
            setStatus(status.with(JobState.STOPPING, null));
            if (lastSavedStep != step && step > 0) {
                save();
            }
            setStatus(status.progress(step, total).with(JobState.STOPPED, "stopped at step " + step
                    + (step > 0 ? "; continue with --resume " + job.name() : "")));
            tell(l -> l.stopped(job.name(), status));
        }

        void save() throws IOException {
            String name = Checkpoint.folderName(step);
            Path target = job.dir().resolve(name);
            state.settle(perEpoch, elapsed(), job.events());
            AtomicFolders.build(job.dir().resolve("." + name + ".tmp"), dir -> {
                tuner.save(dir);
                state.write(dir);
            }, built -> AtomicFolders.replace(built, target, job.dir().resolve("." + name + ".old")));
            lastSavedStep = step;
            CheckpointSaved event = new CheckpointSaved(step, name, state.trainLoss(), state.valLoss());
            job.eventLog().append(event);
            pruneCheckpoints();
            setStatus(status.progress(step, total).checkpoint(step));
            tell(l -> l.checkpointSaved(job.name(), event));
        }

        /** Keeps the newest {@code save-limit} checkpoints plus the one with the best validation loss. */
        void pruneCheckpoints() throws IOException {
            if (config.saveLimit() <= 0) {
                return;
            }
            List<Checkpoint> all = job.checkpoints();
            Set<Long> keep = new HashSet<>();
            all.stream().sorted(Comparator.comparingLong(Checkpoint::step).reversed()).limit(config.saveLimit())
                    .forEach(c -> keep.add(c.step()));
            all.stream().filter(Checkpoint::best).forEach(c -> keep.add(c.step()));
            for (Checkpoint c : all) {
                if (!keep.contains(c.step())) {
                    Path doomed = job.dir().resolve("." + c.path().getFileName() + ".deleting");
                    Files.move(c.path(), doomed, StandardCopyOption.ATOMIC_MOVE);
                    AtomicFolders.deleteRecursively(doomed);
                }
            }
        }
    }

    private void restore(FineTuner tuner, Path checkpoint, boolean withOptimizer) {
        try {
            tuner.restore(checkpoint, withOptimizer);
        } catch (IOException | RuntimeException e) {
            if (FailureMessages.isOutOfMemory(e)) {
                throw e instanceof RuntimeException re ? re : new JobFailedException(e.getMessage(), e);
            }
            throw new JobFailedException("checkpoint " + checkpoint + " cannot be loaded (" + e.getMessage()
                    + "): resume from an earlier step with --resume JOB:STEP, or start from another checkpoint", e);
        }
    }

    private TrainerState readState(Path checkpoint) {
        try {
            return TrainerState.read(checkpoint);
        } catch (IOException e) {
            throw new JobFailedException("checkpoint " + checkpoint + " has no readable " + TrainerState.FILE + " ("
                    + e.getMessage() + "): resume from an earlier step with --resume JOB:STEP", e);
        }
    }

    private void fail(Throwable t) {
        String message = FailureMessages.describe(t, config, step);
        try {
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            AtomicFiles.writeString(job.dir().resolve("error.log"), message + "\n\n" + trace);
        } catch (IOException | RuntimeException ignored) {
            // the disk may be the problem; the status below is what matters
        }
        status = status.progress(step, status.totalSteps())
                .checkpoint(job.lastCheckpoint().map(Checkpoint::step).orElse(null))
                .with(JobState.FAILED, message);
        try {
            job.writeStatus(status);
        } catch (IOException | RuntimeException ignored) {
            // status stays in memory for the listeners
        }
        tell(l -> l.failed(job.name(), status));
    }

    private void setStatus(JobStatus s) throws IOException {
        status = s;
        job.writeStatus(s);
    }

    private void tell(Consumer<JobListener> call) {
        for (JobListener l : handle.listeners()) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                // a broken display must not end the training
            }
        }
    }

}
