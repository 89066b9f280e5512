package dev.jtune.magics.magic;

import java.util.List;

import dev.jtune.kernel.display.RendererRegistry;
import dev.jtune.magics.session.KernelSession;
import dev.jtune.magics.render.Bundle;
import dev.jtune.magics.render.DatasetSummaryView;
import dev.jtune.magics.render.EvalView;
import dev.jtune.magics.render.JobListView;
import dev.jtune.magics.render.PublishView;
import dev.jtune.magics.view.DatasetViews;
import dev.jtune.magics.view.EvalViews;
import dev.jtune.magics.view.JobViews;
import dev.jtune.trainer.data.CatalogEntry;
import dev.jtune.trainer.eval.EvalReport;
import dev.jtune.trainer.job.Job;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.Workspace;
import dev.jtune.trainer.publish.PublishedModel;

/**
 * How the trainer's objects look when notebook code shows them with {@code display(...)} or as a cell's value:
 * the same tables the magics print. Registered once per kernel, when the magics load.
 */
public final class TrainerRenderers {
    private TrainerRenderers() {
    }

    public static void register(RendererRegistry renderers, KernelSession sessions) {
        renderers.register(Bundle.class, MagicSupport::mime);
        renderers.register(Job.class, job -> MagicSupport.mime(JobViews.detail(job)));
        renderers.register(Workspace.class, workspace -> MagicSupport.mime(
                JobListView.render(DatasetViews.source(workspace.root()), newestFirst(workspace).stream().map(JobViews::row).toList())));
        renderers.register(CatalogEntry.class, entry -> MagicSupport.mime(DatasetSummaryView.render(DatasetViews.summary(entry,
                sessions.require().stats().all(entry, DatasetMagic.DEFAULT_MODEL, JobConfig.defaults().maxSeqLen()),
                DatasetMagic.DEFAULT_MODEL))));
        renderers.register(EvalReport.class, report -> MagicSupport.mime(EvalView.render(report.model(),
                report.total() + " examples", List.of(EvalViews.score(report)))));
        renderers.register(PublishedModel.class, model -> MagicSupport.mime(PublishView.render(
                dev.jtune.magics.view.PublishViews.folder(model))));
    }

    static List<Job> newestFirst(Workspace workspace) {
        List<Job> jobs = new java.util.ArrayList<>(workspace.jobs());
        java.util.Collections.reverse(jobs);
        return jobs;
    }
}
