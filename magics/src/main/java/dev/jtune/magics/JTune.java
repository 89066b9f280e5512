package dev.jtune.magics;

import java.util.Arrays;
import java.util.List;

import dev.jtune.magics.chart.LossChart;
import dev.jtune.magics.render.Bundle;
import dev.jtune.magics.session.KernelSession;
import dev.jtune.magics.session.Session;
import dev.jtune.magics.view.JobViews;
import dev.jtune.trainer.data.CatalogEntry;
import dev.jtune.trainer.job.Job;
import dev.jtune.trainer.job.Workspace;

/**
 * The notebook's session as Java cells see it, through the variable {@code JTune} the kernel declares:
 * {@code JTune.job("x").metrics()}, {@code JTune.workspace()}, {@code JTune.dataset("intents")}. The objects
 * display themselves with {@code display(...)}.
 */
public final class JTune {
    private final KernelSession session;

    public JTune(KernelSession session) {
        this.session = session;
    }

    /** The session (datasets, workspace, jobs, models), opened in the notebook's folder on first use. */
    public Session session() {
        return session.require();
    }

    public Workspace workspace() {
        return session().workspace();
    }

    /** A job of the workspace: {@code metrics()}, {@code checkpoints()}, {@code status()}, {@code config()}. */
    public Job job(String name) {
        return session().workspace().job(name);
    }

    public List<Job> jobs() {
        return session().workspace().jobs();
    }

    /** A dataset loaded with {@code %dataset load}: {@code train()}, {@code validation()}, {@code report()}. */
    public CatalogEntry dataset(String name) {
        return session().datasets().get(name);
    }

    /** The loss chart of some jobs (all of them when none is named), for {@code display(...)}. */
    public Bundle lossPlot(String... jobs) {
        List<Job> chosen = jobs.length == 0 ? jobs() : Arrays.stream(jobs).map(this::job).toList();
        return JobViews.lossChart(chosen.stream().map(JobViews::lossSeries).toList(), new LossChart.Options(true, false, 1));
    }

    /** The trainer's runtime, for everything the magics do not cover (e.g. {@code runtime().chat(...)}). */
    public dev.jtune.trainer.runtime.JTuneRuntime runtime() {
        return session().runtime();
    }

    @Override
    public String toString() {
        return "JTune (the notebook's datasets, jobs and models: JTune.jobs(), JTune.job(name), JTune.dataset(name))";
    }
}
