package dev.jtune.magics.magic;

import java.util.ArrayList;
import java.util.List;

import dev.jtune.kernel.magic.Magic;
import dev.jtune.kernel.magic.MagicContext;
import dev.jtune.kernel.magic.MagicException;
import dev.jtune.kernel.magic.MagicInvocation;
import dev.jtune.magics.chart.LossChart;
import dev.jtune.magics.chart.LossSeries;
import dev.jtune.magics.cli.CommandCompleter;
import dev.jtune.magics.cli.CommandParser;
import dev.jtune.magics.cli.LossCommand;
import dev.jtune.magics.cli.ParsedCommand;
import dev.jtune.magics.session.KernelSession;
import dev.jtune.magics.session.Session;
import dev.jtune.magics.view.JobViews;
import dev.jtune.trainer.job.Job;

/** {@code %loss [JOB ...] [--val] [--lr] [--smooth W]}: loss against step, one or more jobs in one chart. */
public final class LossMagic implements Magic {
    private final KernelSession sessions;

    public LossMagic(KernelSession sessions) {
        this.sessions = sessions;
    }

    @Override
    public String name() {
        return "loss";
    }

    @Override
    public String description() {
        return "Plot training (and validation) loss against step for one or more jobs.";
    }

    @Override
    public String help() {
        return CommandParser.usage(new LossCommand());
    }

    @Override
    public List<String> complete(List<String> words, String current) {
        return CommandCompleter.complete(new LossCommand(), words, current, new NotebookNames(sessions));
    }

    @Override
    public void run(MagicInvocation invocation, MagicContext context) throws MagicException {
        ParsedCommand parsed = MagicSupport.parse(() -> CommandParser.parse(new LossCommand(), invocation.argv()));
        if (MagicSupport.helpShown(parsed, context)) {
            return;
        }
        LossCommand command = parsed.as(LossCommand.class);
        Session session = sessions.get();
        session.workspace().jobs().forEach(dev.jtune.trainer.cluster.ExternalJobSync::sync);
        List<Job> jobs = new ArrayList<>();
        if (command.jobs().isEmpty()) {
            List<Job> all = session.workspace().jobs();
            if (all.isEmpty()) {
                throw new MagicException("JobError", "%loss: there are no jobs yet; start one with %finetune.", null);
            }
            jobs.add(all.get(all.size() - 1));
        } else {
            for (String name : command.jobs()) {
                jobs.add(JobsMagic.job(session, name));
            }
        }
        if (command.metric() != null) {
            plotMetric(command, jobs, context);
            return;
        }
        List<LossSeries> series = jobs.stream().map(JobViews::lossSeries).toList();
        // Validation points are shown whenever a job has them; --val insists (and says so when there are none).
        boolean anyValidation = series.stream().anyMatch(s -> !s.validation().isEmpty());
        if (command.validation() && !anyValidation) {
            context.out().println("No validation loss was logged for " + String.join(", ", jobs.stream().map(Job::name).toList())
                    + " (no validation data, or no evaluation step yet).");
        }
        LossChart.Options options = new LossChart.Options(true, command.learningRate(), command.smooth());
        context.display().display(MagicSupport.mime(JobViews.lossChart(series, options)));
    }

    /** {@code --metric NAME}: the metric's curve per job; a name no job logged is refused with the names logged. */
    private static void plotMetric(LossCommand command, List<Job> jobs, MagicContext context) throws MagicException {
        String metric = command.metric().strip();
        List<LossSeries> series = jobs.stream().map(j -> JobViews.metricSeries(j, metric)).toList();
        if (series.stream().allMatch(s -> s.train().isEmpty() && s.validation().isEmpty())) {
            java.util.Set<String> logged = new java.util.TreeSet<>();
            jobs.forEach(j -> logged.addAll(JobViews.loggedMetrics(j)));
            throw new MagicException("UsageError", "%loss --metric " + metric + ": "
                    + String.join(", ", jobs.stream().map(Job::name).toList()) + " logged no such metric; "
                    + (logged.isEmpty() ? "only the loss was logged (metrics such as rewards/margins come from "
                    + "--stage dpo jobs)" : "use one of " + String.join(", ", logged)) + ".", null);
        }
        LossChart.Options options = new LossChart.Options(true, false, command.smooth(), metric);
        context.display().display(MagicSupport.mime(JobViews.lossChart(series, options)));
    }
}
