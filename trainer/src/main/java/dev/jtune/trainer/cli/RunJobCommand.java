package dev.jtune.trainer.cli;

import dev.jtune.trainer.cluster.ClusterJobs;
import dev.jtune.trainer.job.JobHandle;
import dev.jtune.trainer.job.JobState;
import dev.jtune.trainer.job.JobStatus;
import dev.jtune.trainer.runtime.JTuneRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * What a cluster node runs for {@code --engine jtune}: trains a job that was created (not started) in the workspace,
 * on the data snapshot in its folder. SIGTERM (scancel, the time limit) stops it after the current step with a
 * checkpoint, as Ctrl-C does for {@code finetune}.
 */
@Command(name = "run-job", mixinStandardHelpOptions = true,
        description = "Train a job created in the workspace (what a cluster node runs for %finetune --cluster).")
final class RunJobCommand implements Callable<Integer> {

    @Option(names = {"-w", "--workspace"}, paramLabel = "DIR", required = true,
            description = "The cluster's workdir (a workspace) holding jobs/JOB.")
    Path workspace;

    @Parameters(index = "0", paramLabel = "JOB")
    String job;

    @Override
    public Integer call() throws Exception {
        Path dir = workspace.resolve("jobs").resolve(job);
        try (JTuneRuntime rt = JTuneRuntime.openWithDatasets(workspace, dir.resolve(ClusterJobs.DATA_DIR))) {
            JobHandle handle = rt.jobs().start(job, new ConsoleProgress(System.out));
            Thread stopOnTerm = new Thread(() -> {
                if (!handle.isDone()) {
                    System.out.println(job + ": stopping after the current step...");
                    handle.stop();
                    try {
                        handle.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }, "jtune-stop-on-term");
            Runtime.getRuntime().addShutdownHook(stopOnTerm);
            JobStatus end = handle.await();
            Runtime.getRuntime().removeShutdownHook(stopOnTerm);
            return end.state() == JobState.SUCCEEDED || end.state() == JobState.STOPPED ? 0 : 1;
        }
    }
}
