package dev.jtune.trainer.job;

import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.engine.FineTuner;
import dev.jtune.trainer.engine.LossSum;
import dev.jtune.trainer.engine.PreferenceStepResult;
import dev.jtune.trainer.engine.StepResult;
import dev.jtune.trainer.io.AtomicFiles;
import dev.jtune.trainer.io.AtomicFolders;
import dev.jtune.trainer.preference.PreferenceMetrics;
import dev.jtune.trainer.preference.PreferenceObjective;
import dev.jtune.trainer.schedule.LearningRateSchedule;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /**
     * Where a checkpoint folder of an earlier run goes when this run saves the same step (a resume from an earlier
     * step): a save never writes over a folder that exists, so a damaged checkpoint's weights are never lost.
     */
    static final String REPLACED = "replaced-checkpoints";

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
        List<String> warnings = new ArrayList<>();
        TrainingPreflight.checkSequenceLength(config, base.baseFolder(), warnings);
        TrainingData data = datasets.open(config, base);
        TrainingPreflight.checkBatchSize(config, data, warnings);
        warnings.forEach(w -> tell(l -> l.warning(job.name(), w)));
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
            if (config.trainsPreferences()) {
                // the model the job starts from is DPO's reference, also when it resumes from a later checkpoint
                String note = PreferenceReference.fix(tuner, data, perEpoch, validation,
                        job.dir().resolve(PreferenceReference.FILE));
                if (note != null) {
                    tell(l -> l.warning(job.name(), note));
                }
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
        /** The DPO objective, or null for SFT. */
        final PreferenceObjective preference = config.trainsPreferences() ? config.preferenceObjective() : null;
        /** DPO metrics of the steps since the last log step. */
        PreferenceMetrics preferenceWindow = PreferenceMetrics.ZERO;
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
                StepResult r;
                if (preference != null) {
                    PreferenceStepResult pr = tuner.preferenceStep(micro, preference, lr);
                    r = pr.step();
                    preferenceWindow = preferenceWindow.plus(pr.metrics());
                } else {
                    r = tuner.step(micro, lr);
                }
                step = state.step() + 1;
                if (!Double.isFinite(r.loss())) {
                    throw new JobFailedException("the loss became " + (Double.isNaN(r.loss()) ? "NaN" : "infinite")
                            + " at step " + step + ": lower --lr (now " + ValueRange.format(config.lr())
                            + "), raise --warmup-ratio (now " + ValueRange.format(config.warmupRatio())
                            + ") or set --max-grad-norm 1.0, and check the data");
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
                    state.tokensSeen(), window.tokensPerSecond(), elapsed(), preferenceWindow.means());
            preferenceWindow = PreferenceMetrics.ZERO;
            job.eventLog().append(m);
            setStatus(status.progress(step, total));
            tell(l -> l.stepMetrics(job.name(), m));
            return !minimizeVal && state.patienceRunsOut(window.meanLoss(), config.earlyStopDelta(),
                    config.earlyStopPatience());
        }

        /** @return true when early stopping on the validation loss fires */
        boolean evaluate() throws IOException {
            double v;
            Map<String, Double> metrics = new LinkedHashMap<>();
            if (preference != null) {
                PreferenceMetrics sum = PreferenceMetrics.ZERO;
                for (Batch b : validation) {
                    sum = sum.plus(tuner.evaluatePreference(b, preference));
                }
                v = sum.meanLoss();
                sum.means().forEach((name, value) -> metrics.put(EvalMetrics.PREFIX + name, value));
            } else {
                LossSum sum = LossSum.ZERO;
                for (Batch b : validation) {
                    sum = sum.plus(tuner.evaluate(b));
                }
                v = sum.mean();
            }
            if (!Double.isFinite(v)) {
                return false;  // no scored validation tokens (or a broken batch): nothing to compare or plot
            }
            state.evaluated(v);
            EvalMetrics m = new EvalMetrics(step, state.epoch(perEpoch), v, metrics);
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
            }, built -> {
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    setAside(target);
                }
                Files.move(built, target, StandardCopyOption.ATOMIC_MOVE);
            });
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

    /** Moves an earlier run's folder at a step this run saves into {@link #REPLACED}, under a free name. */
    private void setAside(Path folder) throws IOException {
        Path shelf = job.dir().resolve(REPLACED);
        Files.createDirectories(shelf);
        Path kept = shelf.resolve(folder.getFileName());
        for (int i = 2; Files.exists(kept, LinkOption.NOFOLLOW_LINKS); i++) {
            kept = shelf.resolve(folder.getFileName() + "." + i);
        }
        Files.move(folder, kept, StandardCopyOption.ATOMIC_MOVE);
    }

    private void restore(FineTuner tuner, Path checkpoint, boolean withOptimizer) {
        try {
            tuner.restore(checkpoint, withOptimizer);
        } catch (IOException | RuntimeException e) {
            if (FailureMessages.isOutOfMemory(e)) {
                throw e instanceof RuntimeException re ? re : new JobFailedException(e.getMessage(), e);
            }
            throw new CheckpointUnusableException(checkpoint, describe(checkpoint) + " cannot be loaded ("
                    + e.getMessage() + ")", e);
        }
    }

    private TrainerState readState(Path checkpoint) {
        try {
            return TrainerState.read(checkpoint);
        } catch (IOException e) {
            throw new CheckpointUnusableException(checkpoint, describe(checkpoint) + " has no readable "
                    + TrainerState.FILE + " (" + e.getMessage() + ")", e);
        }
    }

    /** "checkpoint 10 of this job (folder)", or the folder alone for a checkpoint of another job or model. */
    private String describe(Path checkpoint) {
        String folder = checkpoint.getFileName().toString();
        if (job.dir().equals(checkpoint.getParent()) && folder.startsWith(Checkpoint.PREFIX)) {
            return "checkpoint " + folder.substring(Checkpoint.PREFIX.length()) + " of job " + job.name() + " ("
                    + checkpoint + ")";
        }
        return "checkpoint " + checkpoint;
    }

    /** A checkpoint could not be loaded: the failure must not call that same checkpoint intact. */
    private static final class CheckpointUnusableException extends JobFailedException {
        final Path checkpoint;

        CheckpointUnusableException(Path checkpoint, String message, Throwable cause) {
            super(message, cause);
            this.checkpoint = checkpoint;
        }
    }

    /** The newest checkpoint of this job that is not known to be broken, for the failure message and status. */
    private Optional<Checkpoint> intactCheckpoint(Throwable failure) {
        Path broken = failure instanceof CheckpointUnusableException u ? u.checkpoint : null;
        try {
            List<Checkpoint> all = job.checkpoints().stream().filter(c -> !c.path().equals(broken)).toList();
            return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
        } catch (RuntimeException e) {
            return Optional.empty();  // the folder cannot be listed (the disk may be the problem): claim nothing
        }
    }

    private void fail(Throwable t) {
        Optional<Checkpoint> intact = intactCheckpoint(t);
        String message = FailureMessages.describe(t, config, step) + intact.map(c -> "; checkpoint " + c.step()
                + " is intact: continue from it with --resume " + job.name() + ":" + c.step()).orElse("");
        try {
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            AtomicFiles.writeString(job.dir().resolve("error.log"), message + "\n\n" + trace);
        } catch (IOException | RuntimeException ignored) {
            // the disk may be the problem; the status below is what matters
        }
        status = status.progress(step, status.totalSteps())
                .checkpoint(intact.map(Checkpoint::step).orElse(null))
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
