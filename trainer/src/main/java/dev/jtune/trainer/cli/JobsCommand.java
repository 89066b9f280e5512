package dev.jtune.trainer.cli;

import dev.jtune.trainer.job.Job;
import dev.jtune.trainer.job.JobSummary;
import dev.jtune.trainer.runtime.JTuneRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = "List the workspace's jobs, or delete one (jobs delete JOB).")
final class JobsCommand implements Callable<Integer> {

    @Mixin
    WorkspaceOption workspace;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ACTION", defaultValue = "list", description = "list or delete")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "JOB")
    String job;

    @Override
    public Integer call() throws Exception {
        try (JTuneRuntime rt = workspace.open()) {
            switch (action) {
                case "list" -> {
                    System.out.printf(Locale.ROOT, "%-28s %-12s %-6s %-11s %-11s %-10s %s%n", "JOB", "BASE", "METHOD",
                            "STATUS", "STEP", "LOSS", "BEST VAL");
                    List<String> notes = new ArrayList<>();
                    for (Job j : rt.workspace().jobs()) {
                        JobSummary s = j.summary();
                        System.out.printf(Locale.ROOT, "%-28s %-12s %-6s %-11s %-11s %-10s %s%n", s.name(),
                                s.damage() == null ? s.base() : "?", s.damage() == null ? s.method() : "?",
                                s.damage() == null ? s.state().label() : "damaged", s.step() + "/" + s.totalSteps(),
                                s.lastLoss() == null ? "-" : String.format(Locale.ROOT, "%.4f", s.lastLoss()),
                                s.bestValLoss() == null ? "-" : String.format(Locale.ROOT, "%.4f", s.bestValLoss()));
                        if (s.damage() != null) {
                            notes.add(s.damage());
                        }
                        j.damagedCheckpoints().forEach(d -> notes.add("checkpoint " + d.step() + " of job " + s.name()
                                + " is damaged: " + d.reason() + " (" + d.path() + ")"));
                    }
                    notes.forEach(n -> System.out.println("note: " + n));
                }
                case "delete" -> {
                    if (job == null) {
                        throw new IllegalArgumentException("jobs delete needs the job's name: jobs delete JOB");
                    }
                    rt.jobs().delete(job);
                    System.out.println("deleted " + job);
                }
                default -> throw new IllegalArgumentException("jobs " + action + ": use jobs list or jobs delete JOB");
            }
            return 0;
        }
    }
}
