package dev.jtune.trainer.cli;

import dev.jtune.trainer.runtime.JTuneRuntime;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** {@code --workspace DIR}, shared by every subcommand (mixed in). */
final class WorkspaceOption {

    @Option(names = {"-w", "--workspace"}, paramLabel = "DIR",
            description = "Workspace folder (jobs, published models, datasets). Default: $JTUNE_HOME, else ./jtune-workspace.")
    Path workspace;

    JTuneRuntime open() throws IOException {
        return workspace == null ? JTuneRuntime.openDefault() : JTuneRuntime.open(workspace);
    }
}
