package dev.jtune.trainer.cli;

import dev.jtune.trainer.cluster.ClusterJobFollower;
import dev.jtune.trainer.cluster.ClusterJobRecord;
import dev.jtune.trainer.cluster.ClusterJobs;
import dev.jtune.trainer.job.Job;

import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.JobHandle;
import dev.jtune.trainer.job.JobPlan;
import dev.jtune.trainer.job.JobState;
import dev.jtune.trainer.job.JobStatus;
import dev.jtune.trainer.runtime.JTuneRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Runs one job to its end in the foreground; Ctrl-C stops it after the current step with a checkpoint. The job
 * parameters are the options {@link JobOptions} adds from the schema, the same as the {@code %finetune} magic's.
 */
@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = {"Fine-tune a model, with the parameters of the %%finetune magic, e.g.",
            "  jtune-train finetune --base tiny --data intents.jsonl --method full --epochs 8 --lr 3e-3 --batch-size 16",
            "--data is a file or a dataset saved in the workspace; --resume JOB[:STEP] continues a job."})
final class FinetuneCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    WorkspaceOption workspace;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML or JSON file of parameters (the keys of %%%%finetune); flags given too override it.")
    Path configFile;

    @Option(names = "--dry-run", description = "Show the plan (parameters, examples, tokens, optimizer steps, a time "
            + "estimate) and stop, creating no job.")
    boolean dryRun;

    /** Adds the job parameters to this command (called once when the command line is built). */
    static void addParameters(CommandSpec finetune) {
        JobOptions.addTo(finetune);
        finetune.usageMessage().customSynopsis(
                "jtune-train finetune --base MODEL --data FILE [--PARAMETER VALUE]... [--dry-run]",
                "       jtune-train finetune --config FILE [--PARAMETER VALUE]... [--dry-run]",
                "       jtune-train finetune --resume JOB[:STEP] [--PARAMETER VALUE]...");
    }

    @Override
    public Integer call() throws Exception {
        Map<String, String> given = JobOptions.asText(JobOptions.given(spec.commandLine().getParseResult()));
        JobConfig config = configFile == null ? JobConfig.fromFlags(given)
                : JobConfig.parse(Files.readString(configFile)).withOverrides(given);
        try (JTuneRuntime rt = workspace.open()) {
            if (dryRun) {
                JobPlan plan = rt.jobs().plan(config, true);
                System.out.print(PlanReport.text(plan));
                return 0;
            }
            if (config.runsOnCluster()) {
                return onCluster(rt, config);
            }
            JobHandle job = rt.jobs().start(config, new ConsoleProgress(System.out));
            Thread stopOnInterrupt = new Thread(() -> {
                if (!job.isDone()) {
                    System.out.println(job.name() + ": stopping after the current step...");
                    job.stop();
                    try {
                        job.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }, "jtune-stop-on-interrupt");
            Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
            JobStatus end = job.await();
            Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
            System.out.println("job folder: " + job.job().dir());
            return end.state() == JobState.SUCCEEDED || end.state() == JobState.STOPPED ? 0 : 1;
        }
    }

    /** Submits to the cluster and follows the job's folder until it ends (Ctrl-C leaves it running there). */
    private static int onCluster(JTuneRuntime rt, JobConfig config) throws Exception {
        Job job = new ClusterJobs(rt, ClusterJobs.thisJvmTrainer()).submit(config);
        ClusterJobRecord record = ClusterJobRecord.of(job).orElseThrow();
        System.out.println(job.name() + ": submitted to cluster " + record.cluster() + " as Slurm job "
                + record.schedulerId() + "; following " + job.dir().toRealPath());
        ClusterJobFollower follower = new ClusterJobFollower(job, new ConsoleProgress(System.out));
        while (!follower.poll()) {
            Thread.sleep(1000);
        }
        JobState end = follower.status().state();
        return end == JobState.SUCCEEDED || end == JobState.STOPPED ? 0 : 1;
    }
}
