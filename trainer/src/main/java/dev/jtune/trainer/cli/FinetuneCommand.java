package dev.jtune.trainer.cli;

import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.JobHandle;
import dev.jtune.trainer.job.JobState;
import dev.jtune.trainer.job.JobStatus;
import dev.jtune.trainer.runtime.JTuneRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Runs one job to its end in the foreground; Ctrl-C stops it after the current step with a checkpoint. */
@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = {"Fine-tune a model, with the parameters of the %%finetune magic, e.g.",
            "  jtune-train finetune --base tiny --data intents.jsonl --method full --epochs 8 --lr 3e-3 --batch-size 16",
            "--data is a file or a dataset saved in the workspace; --resume JOB[:STEP] continues a job."})
final class FinetuneCommand implements Callable<Integer> {

    @Mixin
    WorkspaceOption workspace;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML or JSON file of parameters; flags given too override it.")
    Path configFile;

    @Unmatched
    List<String> flags = new ArrayList<>();

    static String defaultsTable() {
        StringBuilder s = new StringBuilder();
        JobConfig.defaults().asMap().forEach((k, v) -> s.append(String.format("  --%-22s %s%n", k, v == null ? "-" : v)));
        return s.toString();
    }

    @Override
    public Integer call() throws Exception {
        Map<String, String> given = FlagWords.parse(flags);
        JobConfig config = configFile == null ? JobConfig.fromFlags(given)
                : JobConfig.parse(Files.readString(configFile)).withOverrides(given);
        try (JTuneRuntime rt = workspace.open()) {
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
}
