package dev.jtune.trainer.cli;

import dev.jtune.trainer.cluster.EngineExports;
import dev.jtune.trainer.cluster.ExternalEngine;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.runtime.JTuneRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code jtune-train export --engine llamafactory|trl CONFIG --out DIR}: a job for users who launch it themselves. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a job's data and config for LLaMA-Factory or TRL, to launch yourself, e.g.",
            "  jtune-train export --engine llamafactory job.yaml --out lf-job",
            "CONFIG holds the keys of %%finetune (YAML or JSON); the base must be a HuggingFace folder or hub id."})
final class ExportCommand implements Callable<Integer> {

    @Mixin
    WorkspaceOption workspace;

    @Option(names = "--engine", required = true, paramLabel = "ENGINE", description = "llamafactory or trl")
    String engine;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write into.")
    Path out;

    @Parameters(index = "0", paramLabel = "CONFIG")
    Path configFile;

    @Override
    public Integer call() throws Exception {
        JobConfig config = JobConfig.parse(Files.readString(configFile));
        try (JTuneRuntime rt = workspace.open()) {
            ExternalEngine.Export export = EngineExports.export(rt, config, engine, out);
            System.out.println("wrote " + export.config() + " (checkpoints will go to " + export.output() + ")");
            for (String u : export.unmapped()) {
                System.out.println("not mapped: " + u);
            }
            return 0;
        }
    }
}
