package dev.jtune.magics.magic;

import java.util.ArrayList;
import java.util.List;

import dev.jtune.kernel.magic.Magic;
import dev.jtune.kernel.magic.MagicContext;
import dev.jtune.kernel.magic.MagicException;
import dev.jtune.kernel.magic.MagicInvocation;
import dev.jtune.magics.chart.LossChart;
import dev.jtune.magics.cli.CommandCompleter;
import dev.jtune.magics.cli.CommandParser;
import dev.jtune.magics.cli.JobsCommand;
import dev.jtune.magics.cli.ParsedCommand;
import dev.jtune.magics.render.Formats;
import dev.jtune.magics.render.JobListView;
import dev.jtune.magics.render.LogView;
import dev.jtune.magics.session.KernelSession;
import dev.jtune.magics.session.Session;
import dev.jtune.magics.view.DatasetViews;
import dev.jtune.magics.view.JobViews;
import dev.jtune.trainer.job.CheckpointSaved;
import dev.jtune.trainer.job.EvalMetrics;
import dev.jtune.trainer.cluster.ClusterJobRecord;
import dev.jtune.trainer.cluster.ClusterJobs;
import dev.jtune.trainer.cluster.ExternalJobSync;
import dev.jtune.trainer.job.Job;
import dev.jtune.trainer.job.JobEvent;
import dev.jtune.trainer.job.JobHandle;
import dev.jtune.trainer.job.JobStatus;
import dev.jtune.trainer.job.StepMetrics;

/** {@code %jobs [list] | show | stop | copy | delete | logs}: the workspace's jobs, like a hosted console's task list. */
public final class JobsMagic implements Magic {
    private final KernelSession sessions;

    public JobsMagic(KernelSession sessions) {
        this.sessions = sessions;
    }

    @Override
    public String name() {
        return "jobs";
    }

    @Override
    public String description() {
        return "List fine-tuning jobs; show, stop, copy, delete them or print their logs.";
    }

    @Override
    public String help() {
        return CommandParser.usage(new JobsCommand());
    }

    @Override
    public List<String> complete(List<String> words, String current) {
        return CommandCompleter.complete(new JobsCommand(), words, current, new NotebookNames(sessions));
    }

    @Override
    public void run(MagicInvocation invocation, MagicContext context) throws MagicException {
        ParsedCommand parsed = MagicSupport.parse(() -> CommandParser.parse(new JobsCommand(), invocation.argv()));
        if (MagicSupport.helpShown(parsed, context)) {
            return;
        }
        Session session = sessions.get();
        // jobs run by LLaMA-Factory or TRL on a cluster: their JTune files follow the engine's own
        session.workspace().jobs().forEach(ExternalJobSync::sync);
        Object command = parsed.command();
        if (command instanceof JobsCommand || command instanceof JobsCommand.ListAll) {
            context.display().display(MagicSupport.mime(JobListView.render(DatasetViews.source(session.workspace().root()),
                    TrainerRenderers.newestFirst(session.workspace()).stream().map(JobViews::row).toList())));
        } else if (command instanceof JobsCommand.Show show) {
            Job job = job(session, show.job());
            context.display().display(MagicSupport.mime(JobViews.detail(job)));
            if (!job.metrics().isEmpty()) {
                context.display().display(MagicSupport.mime(JobViews.lossChart(List.of(JobViews.lossSeries(job)),
                        new LossChart.Options(true, false, 1))));
            }
        } else if (command instanceof JobsCommand.Stop stop) {
            job(session, stop.job());
            boolean here = session.jobs().running(stop.job()).isPresent();
            Job target = job(session, stop.job());
            Job stopping = MagicSupport.call("JobError", () -> target.isOnCluster()
                    ? new ClusterJobs(session.runtime(), ClusterJobs.thisJvmTrainer()).stop(target)
                    : session.jobs().stop(stop.job()));
            String elsewhere = ClusterJobRecord.of(stopping).map(r -> " (it trains on cluster " + r.cluster() + ")")
                    .orElse(" (it trains in another process on this workspace)");
            context.out().println("Asked " + stopping.name() + " to stop" + (here ? "" : elsewhere)
                    + ": it finishes its current step, saves a checkpoint and shows as stopped.");
        } else if (command instanceof JobsCommand.Copy copy) {
            job(session, copy.job());
            Job created = MagicSupport.call("JobError", () -> {
                try {
                    return session.jobs().copy(copy.job(), copy.newName(), copy.changes());
                } catch (IllegalArgumentException e) {
                    // the trainer names parameters as flags; on this line they are written --set name=value
                    throw new IllegalArgumentException(JobsCommand.Copy.asSetFlags(e.getMessage()), e);
                }
            });
            JobHandle handle = MagicSupport.call("JobError", () -> session.jobs().start(created.name()));
            context.out().println("Copied " + copy.job() + " to " + created.name()
                    + (copy.changes().isEmpty() ? "" : " with " + copy.changes()) + " and started it in the background ("
                    + handle.status().state().label() + "). Watch it with %jobs or %loss " + created.name() + ".");
        } else if (command instanceof JobsCommand.Delete delete) {
            job(session, delete.job());
            MagicSupport.run("JobError", () -> session.jobs().delete(delete.job()));
            context.out().println("Deleted job " + delete.job() + " and its checkpoints.");
        } else if (command instanceof JobsCommand.Logs logs) {
            Job job = job(session, logs.job());
            List<String> lines = logLines(job);
            if (logs.tail() != null && lines.size() > logs.tail()) {
                lines = lines.subList(lines.size() - logs.tail(), lines.size());
            }
            context.display().display(MagicSupport.mime(LogView.render(job.name(), lines)));
        }
    }

    /** The job, or an error that lists the jobs there are. */
    static Job job(Session session, String name) throws MagicException {
        return session.workspace().findJob(name).orElseThrow(() -> {
            List<String> names = session.workspace().jobs().stream().map(Job::name).toList();
            return new MagicException("JobError", "There is no job called '" + name + "'" + (names.isEmpty()
                    ? " (there are no jobs yet; start one with %finetune)." : "; the jobs are: " + String.join(", ", names) + "."), null);
        });
    }

    static List<String> logLines(Job job) {
        List<String> lines = new ArrayList<>();
        for (JobEvent event : job.events()) {
            if (event instanceof StepMetrics m) {
                lines.add(String.format(java.util.Locale.ROOT, "step %d  epoch %.2f  loss %s  lr %s  grad norm %.3f  tokens %s  %s tok/s  %s",
                        m.step(), m.epoch(), Formats.loss(m.loss()), Formats.learningRate(m.lr()), m.gradNorm(),
                        Formats.compact(m.tokens()), Formats.compact(m.tokensPerSecond()),
                        Formats.duration(java.time.Duration.ofMillis(Math.round(m.elapsedSeconds() * 1000)))));
            } else if (event instanceof EvalMetrics e) {
                lines.add(String.format(java.util.Locale.ROOT, "step %d  validation loss %s", e.step(), Formats.loss(e.valLoss())));
            } else if (event instanceof CheckpointSaved c) {
                lines.add("step " + c.step() + "  checkpoint saved: " + c.path());
            }
        }
        // a cluster job's own output (the scheduler's file: the trainer's console, errors before training)
        ClusterJobRecord.of(job).ifPresent(r -> {
            lines.add("--- " + r.output() + " (cluster " + r.cluster() + ", Slurm job " + r.schedulerId() + ") ---");
            try {
                lines.addAll(java.nio.file.Files.readAllLines(java.nio.file.Path.of(r.output())));
            } catch (java.io.IOException e) {
                lines.add("(no output yet: the job has not started on a node)");
            }
        });
        JobStatus status = job.status();
        lines.add("status " + status.state().label() + (status.message() == null ? "" : ": " + status.message()));
        return lines;
    }
}
