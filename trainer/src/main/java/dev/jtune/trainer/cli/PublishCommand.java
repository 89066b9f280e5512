package dev.jtune.trainer.cli;

import dev.jtune.trainer.publish.PublishRequest;
import dev.jtune.trainer.publish.PublishedModel;
import dev.jtune.trainer.runtime.JTuneRuntime;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Write a job's checkpoint as a HuggingFace model folder (LoRA merged) into the workspace's models/.")
final class PublishCommand implements Callable<Integer> {

    @Mixin
    WorkspaceOption workspace;

    @Parameters(index = "0", paramLabel = "JOB")
    String job;

    static final class Which {
        @Option(names = "--step", paramLabel = "N", description = "The checkpoint of step N.")
        Long step;
        @Option(names = "--best", description = "The checkpoint with the lowest validation loss.")
        boolean best;
        @Option(names = "--last", description = "The newest checkpoint (the default).")
        boolean last;
    }

    @ArgGroup(exclusive = true)
    Which which;

    @Option(names = "--name", description = "Name of the published model (default: JOB-model; a model may not take a job's name).")
    String name;

    @Option(names = "--adapter-only", description = "Write the PEFT adapter alone instead of merged weights.")
    boolean adapterOnly;

    @Option(names = "--overwrite", description = "Replace a published model of the same name.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        String checkpoint = which == null || which.last ? "last" : which.best ? "best" : Long.toString(which.step);
        try (JTuneRuntime rt = workspace.open()) {
            PublishedModel m = rt.publish(new PublishRequest(job, checkpoint, name, adapterOnly, overwrite));
            System.out.println("published " + m.name() + " (job " + m.job() + ", step " + m.step() + ") to " + m.path());
            System.out.println("files: " + String.join(", ", m.files()));
            return 0;
        }
    }
}
