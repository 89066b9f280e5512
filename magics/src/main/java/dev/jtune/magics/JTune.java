package dev.jtune.magics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import dev.jtune.magics.chart.LossChart;
import dev.jtune.magics.render.Bundle;
import dev.jtune.magics.session.Session;
import dev.jtune.magics.view.JobViews;
import dev.jtune.trainer.data.CatalogEntry;
import dev.jtune.trainer.job.Job;
import dev.jtune.trainer.job.Workspace;

/**
 * The notebook's session, reachable from Java cells: {@code JTune.job("x").metrics()}, {@code JTune.workspace()},
 * {@code JTune.dataset("intents")}. The objects display themselves with {@code display(...)}.
 *
 * <p>This holds the one session of the kernel in a static field on purpose: a kernel is one JVM serving one
 * notebook, the magics (separate ServiceLoader instances) and user code (static calls from JShell) must all
 * see the same datasets and jobs, and the kernel offers no other place to keep per-notebook state.
 */
public final class JTune {
    private static Session session;

    private JTune() {
    }

    /** The session, opened on first use in {@code workingDirectory} (the notebook's folder). */
    public static synchronized Session session(Path workingDirectory) {
        if (session == null) {
            try {
                session = Session.open(workingDirectory);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot open the JTune workspace: " + e.getMessage(), e);
            }
        }
        return session;
    }

    /** The session of this notebook (opened in the kernel's working folder if no magic ran yet). */
    public static Session session() {
        return session(Path.of("").toAbsolutePath());
    }

    public static Workspace workspace() {
        return session().workspace();
    }

    /** A job of the workspace: {@code metrics()}, {@code checkpoints()}, {@code status()}, {@code config()}. */
    public static Job job(String name) {
        return session().workspace().job(name);
    }

    public static List<Job> jobs() {
        return session().workspace().jobs();
    }

    /** A dataset loaded with {@code %dataset load}: {@code train()}, {@code validation()}, {@code report()}. */
    public static CatalogEntry dataset(String name) {
        return session().datasets().get(name);
    }

    /** The loss chart of some jobs (all of them when none is named), for {@code display(...)}. */
    public static Bundle lossPlot(String... jobs) {
        List<Job> chosen = jobs.length == 0 ? jobs() : Arrays.stream(jobs).map(JTune::job).toList();
        return JobViews.lossChart(chosen.stream().map(JobViews::lossSeries).toList(), new LossChart.Options(true, false, 1));
    }

    /** The trainer's runtime, for everything the magics do not cover (e.g. {@code runtime().chat(...)}). */
    public static dev.jtune.trainer.runtime.JTuneRuntime runtime() {
        return session().runtime();
    }

    /** Frees the chat models; used when the kernel shuts down. */
    public static synchronized void close() {
        if (session != null) {
            session.close();
            session = null;
        }
    }
}
