package dev.jtune.magics.magic;

import dev.jtune.kernel.display.DisplayHandle;
import dev.jtune.kernel.magic.MagicContext;
import dev.jtune.kernel.magic.MagicException;
import dev.jtune.magics.live.LiveTrainingDisplay;
import dev.jtune.magics.live.TrainingWatcher;
import dev.jtune.magics.render.ProgressView;
import dev.jtune.magics.session.Session;
import dev.jtune.magics.view.JobViews;
import dev.jtune.trainer.cluster.ClusterJobFollower;
import dev.jtune.trainer.cluster.ClusterJobRecord;
import dev.jtune.trainer.cluster.ClusterJobs;
import dev.jtune.trainer.job.Job;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.JobStatus;

/**
 * {@code %finetune ... --cluster NAME}: submits the job and shows the same live display as a local job, fed from
 * the job folder on the shared filesystem instead of the training thread.
 */
final class ClusterFinetune {

    private ClusterFinetune() {
    }

    static void run(Session session, JobConfig config, boolean background, MagicContext context)
            throws MagicException {
        ClusterJobs clusters = new ClusterJobs(session.runtime(), ClusterJobs.thisJvmTrainer());
        Job job = MagicSupport.call("ClusterError", () -> clusters.submit(config));
        ClusterJobRecord record = ClusterJobRecord.of(job).orElseThrow();
        context.out().println("Submitted " + job.name() + " to cluster " + record.cluster() + " (Slurm job "
                + record.schedulerId() + ", engine " + record.engine() + "); its folder is "
                + java.nio.file.Path.of(record.output()).getParent() + ".");
        if (background) {
            context.out().println("Watch it with %jobs or %loss " + job.name() + ", read its output with %jobs logs "
                    + job.name() + ", stop it with %jobs stop " + job.name() + ".");
            return;
        }
        TrainingWatcher watcher = new TrainingWatcher(job.name(), config.epochs());
        ClusterJobFollower follower = new ClusterJobFollower(job, watcher);
        DisplayHandle output = context.display().display(MagicSupport.mime(ProgressView.render(watcher.snapshot())));
        LiveTrainingDisplay live = new LiveTrainingDisplay(watcher, bundle -> output.update(MagicSupport.mime(bundle)));
        context.cancellation().onCancel(() -> {
            watcher.stopping();
            session.jobs().stop(job.name());
        });
        boolean interrupted = false;
        while (!follower.poll()) {
            try {
                Thread.sleep(FinetuneMagic.REFRESH.toMillis());
            } catch (InterruptedException e) {
                // the kernel's interrupt: ask the node to stop with a checkpoint, and keep following until it has
                interrupted = true;
                watcher.stopping();
                session.jobs().stop(job.name());
            }
            live.refresh(false);
        }
        live.refresh(true);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        JobStatus status = follower.status();
        // the engine's checkpoints as the job lists them (for LLaMA-Factory and TRL: the complete ones only)
        context.display().display(MagicSupport.mime(JobViews.checkpointTable(job)));
        FinetuneMagic.report(job.name(), status, context);
    }
}
