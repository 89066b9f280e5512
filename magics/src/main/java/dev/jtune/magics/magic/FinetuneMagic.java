package dev.jtune.magics.magic;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.jtune.kernel.display.DisplayHandle;
import dev.jtune.kernel.magic.Magic;
import dev.jtune.kernel.magic.MagicContext;
import dev.jtune.kernel.magic.MagicException;
import dev.jtune.kernel.magic.MagicInvocation;
import dev.jtune.magics.cli.CommandCompleter;
import dev.jtune.magics.cli.CommandParser;
import dev.jtune.magics.cli.FinetuneCommand;
import dev.jtune.magics.cli.FinetuneYaml;
import dev.jtune.magics.cli.ParsedCommand;
import dev.jtune.magics.live.LiveTrainingDisplay;
import dev.jtune.magics.live.TrainingWatcher;
import dev.jtune.magics.render.ProgressView;
import dev.jtune.magics.session.KernelSession;
import dev.jtune.magics.session.Session;
import dev.jtune.magics.view.JobViews;
import dev.jtune.magics.view.Parameters;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.JobHandle;
import dev.jtune.trainer.job.JobListener;
import dev.jtune.trainer.job.JobPlan;
import dev.jtune.trainer.job.JobState;
import dev.jtune.trainer.job.JobStatus;
import dev.jtune.trainer.job.ModelRef;

/**
 * {@code %finetune} / {@code %%finetune}: shows the effective parameters with the token count and a time
 * estimate, then trains with one live output (progress, metrics, loss chart) and ends with the checkpoint table.
 * The cell waits like {@code model.fit}; an interrupt stops the job cleanly (a checkpoint is saved).
 */
public final class FinetuneMagic implements Magic {
    static final Duration REFRESH = Duration.ofMillis(300);

    private final KernelSession sessions;

    public FinetuneMagic(KernelSession sessions) {
        this.sessions = sessions;
    }

    @Override
    public String name() {
        return "finetune";
    }

    @Override
    public String description() {
        return "Fine-tune a model on a loaded dataset (LoRA or full), with live progress and a loss chart.";
    }

    @Override
    public String help() {
        return CommandParser.usage(new FinetuneCommand());
    }

    @Override
    public Set<Form> forms() {
        return Set.of(Form.LINE, Form.CELL);
    }

    @Override
    public List<String> complete(List<String> words, String current) {
        return CommandCompleter.complete(new FinetuneCommand(), words, current, new NotebookNames(sessions));
    }

    /** The YAML body's keys are the flags without {@code --}; after "key:" come that flag's values. */
    @Override
    public List<String> completeBody(String bodyBeforeCursor, String current) {
        String line = bodyBeforeCursor.substring(bodyBeforeCursor.lastIndexOf('\n') + 1);
        NotebookNames names = new NotebookNames(sessions);
        int colon = line.indexOf(':');
        if (colon >= 0) {
            String flag = "--" + line.substring(0, colon).strip().replace('_', '-');
            return CommandCompleter.complete(new FinetuneCommand(), List.of(flag), current, names);
        }
        return CommandCompleter.complete(new FinetuneCommand(), List.of(), "--", names).stream()
                .filter(flag -> !flag.equals("--help"))
                .map(flag -> flag.substring(2) + ": ")
                .toList();
    }

    @Override
    public void run(MagicInvocation invocation, MagicContext context) throws MagicException {
        ParsedCommand parsed = MagicSupport.parse(() -> invocation.isCell()
                ? FinetuneYaml.parse(invocation.argv(), invocation.body())
                : CommandParser.parse(new FinetuneCommand(), invocation.argv()));
        if (MagicSupport.helpShown(parsed, context)) {
            return;
        }
        FinetuneCommand command = parsed.as(FinetuneCommand.class);
        Session session = sessions.get();
        Map<String, String> flags = command.parameterText();
        String resume = flags.get("resume");
        if (resume != null && command.name() != null && !command.name().equals(ModelRef.jobPart(resume))) {
            throw new MagicException("UsageError", "%finetune: --resume " + resume + " continues that job in its own folder; "
                    + "drop --name " + command.name() + ", or use --init-from " + resume + " to start a new job from its "
                    + "weights.", null);
        }
        if (resume == null) {
            checkDatasets(flags, session);
        }
        JobConfig given = MagicSupport.call("ConfigError",
                () -> JobConfig.fromFlags(flags).withInherited(resume == null ? validationSplit(flags, session) : Map.of()));
        if (command.dryRun()) {
            JobPlan plan = MagicSupport.call("ConfigError", () -> session.jobs().plan(given, true));
            context.display().display(MagicSupport.mime(Parameters.table(plan.config().name() == null ? "(dry run)"
                    : plan.config().name(), plan.config(), TrainingPlans.of(plan))));
            context.out().println("Dry run: no job was created. Run the same line without --dry-run to train.");
            return;
        }
        TrainingWatcher watcher;
        JobHandle handle;
        if (resume != null) {
            JobConfig config = MagicSupport.call("JobError",
                    () -> session.workspace().job(ModelRef.jobPart(resume)).config());
            watcher = new TrainingWatcher(config.name(), config.epochs());
            handle = MagicSupport.call("JobError", () -> session.jobs().start(given, watcher));
        } else {
            if (given.base() != null) {
                // A typo in --base should not leave a failed job folder behind: resolve it before anything starts.
                MagicSupport.call("ModelError", () -> session.models().resolve(given.base()));
            }
            String name = command.name() != null ? command.name() : session.workspace().newJobName(given);
            JobConfig config = MagicSupport.call("ConfigError", () -> given.withName(name));
            if (session.workspace().findJob(name).isPresent()) {
                throw new MagicException("JobError", "A job named '" + name + "' exists already: pick another --name, continue it "
                        + "with --resume " + name + ", or delete it with %jobs delete " + name + ".", null);
            }
            if (config.runsOnCluster()) {
                context.display().display(MagicSupport.mime(Parameters.table(name, config, null)));
                ClusterFinetune.run(session, config, command.background(), context);
                return;
            }
            context.display().display(MagicSupport.mime(Parameters.table(name, config, TrainingPlans.quick(config, session))));
            watcher = new TrainingWatcher(name, config.epochs());
            handle = MagicSupport.call("JobError", () -> session.jobs().start(config, watcher));
        }
        DisplayHandle output = context.display().display(MagicSupport.mime(ProgressView.render(watcher.snapshot())));
        LiveTrainingDisplay live = new LiveTrainingDisplay(watcher, bundle -> output.update(MagicSupport.mime(bundle)));
        if (command.background()) {
            handle.addListener(new BackgroundRefresh(live));
            context.out().println("Training " + handle.name() + " in the background. Watch it with %jobs or %loss " + handle.name()
                    + ", chat with its newest checkpoint with %chat " + handle.name() + " ..., stop it with %jobs stop "
                    + handle.name() + ".");
            return;
        }
        context.cancellation().onCancel(() -> {
            watcher.stopping();
            handle.stop();
        });
        JobStatus status = waitFor(handle, watcher, live, context);
        live.refresh(true);
        context.display().display(MagicSupport.mime(JobViews.checkpointTable(handle.job())));
        report(handle.name(), status, context);
    }

    /** Blocks until the job ends, redrawing; a thread interrupt (the kernel's) stops the job and still waits. */
    private static JobStatus waitFor(JobHandle handle, TrainingWatcher watcher, LiveTrainingDisplay live, MagicContext context) {
        boolean interrupted = false;
        while (true) {
            try {
                if (handle.await(REFRESH)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
                watcher.stopping();
                handle.stop();
            }
            live.refresh(false);
            watcher.takeWarnings().forEach(w -> context.out().println("Warning: " + w + "."));
        }
        watcher.takeWarnings().forEach(w -> context.out().println("Warning: " + w + "."));
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return handle.status();
    }

    static void report(String job, JobStatus status, MagicContext context) throws MagicException {
        JobState state = status.state();
        if (state == JobState.FAILED) {
            // the status message says which checkpoint is intact, excluding one that failed to load
            throw new MagicException("TrainingFailed", "Job " + job + " failed at step " + status.step() + ": "
                    + status.message(), null);
        }
        if (state == JobState.STOPPED) {
            String stopped = "Stopped " + job + " at step " + status.step() + "; its checkpoint is saved. Continue with "
                    + "%finetune --resume " + job + ".";
            if (context.cancellation().isCancelled()) {
                // The notebook marks an interrupted cell as failed, like IPython's KeyboardInterrupt.
                throw new MagicException("Interrupted", stopped, null);
            }
            context.out().println(stopped);
        } else if (status.message() != null) {
            context.out().println(status.message());
        }
    }

    /** The given datasets must be loaded in this session; say which are. */
    private static void checkDatasets(Map<String, String> flags, Session session) throws MagicException {
        for (String key : List.of("data", "val")) {
            String name = flags.get(key);
            if (name != null) {
                DatasetMagic.entry(session, name);
            }
        }
    }

    /**
     * {@code %dataset load --val-ratio R} (or a mix) is where a notebook user decides the held-out share, and a job
     * on that dataset trains and validates on exactly that split; the share is copied into the job's config so its
     * parameters and model card say what was held out. Inherited, it is not marked as set for this job.
     */
    private static Map<String, String> validationSplit(Map<String, String> flags, Session session) {
        if (flags.containsKey("val") || flags.get("data") == null) {
            return Map.of();
        }
        return session.datasets().find(flags.get("data"))
                .map(entry -> Map.of("val-ratio", Double.toString(entry.split().ratio())))
                .orElse(Map.of());
    }

    /**
     * Redraws a background job's output from its training thread, at most once a second (the listener must be
     * quick), and a last time when it ends.
     */
    private static final class BackgroundRefresh implements JobListener {
        private final LiveTrainingDisplay live;
        private long last;

        BackgroundRefresh(LiveTrainingDisplay live) {
            this.live = live;
        }

        private void maybe() {
            long now = System.nanoTime();
            if (now - last > 1_000_000_000L) {
                last = now;
                live.refresh(false);
            }
        }

        @Override
        public void progress(String job, long step, long totalSteps, double loss) {
            maybe();
        }

        @Override
        public void finished(String job, JobStatus status) {
            live.refresh(true);
        }

        @Override
        public void failed(String job, JobStatus status) {
            live.refresh(true);
        }

        @Override
        public void stopped(String job, JobStatus status) {
            live.refresh(true);
        }
    }
}
