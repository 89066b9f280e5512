package dev.jtune.trainer.cli;

import dev.jtune.trainer.publish.PublishedModel;
import dev.jtune.trainer.runtime.JTuneRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Write a job's checkpoint as a HuggingFace model folder (LoRA merged) into the workspace's models/.")
final class PublishCommand implements Callable<Integer> {

    @Mixin
    WorkspaceOption workspace;

    @Parameters(index = "0", paramLabel = "JOB[:STEP]", description = "The job, or JOB:STEP (also JOB:best, JOB:last) for one of its checkpoints.")
    String job;

    @Mixin
    PublishOptions options;

    @Override
    public Integer call() throws Exception {
        try (JTuneRuntime rt = workspace.open()) {
            PublishedModel m = rt.publish(options.request(job));
            System.out.println("published " + m.name() + " (job " + m.job() + ", step " + m.step() + ") to " + m.path());
            System.out.println("files: " + String.join(", ", m.files()));
            return 0;
        }
    }
}
