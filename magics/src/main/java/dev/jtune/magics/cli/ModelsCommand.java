package dev.jtune.magics.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code %models [list] | delete NAME}: the workspace's published models, as a hosted console's model registry. */
@Command(name = "%models", description = "List or delete published models. With no action, lists them.",
        subcommands = {ModelsCommand.ListAll.class, ModelsCommand.Delete.class})
public final class ModelsCommand {
    @Mixin
    HelpFlag help;

    @Command(name = "list", description = "List published models: name, base, source job and step, size, date, folder.")
    public static final class ListAll {
        @Mixin
        HelpFlag help;
    }

    @Command(name = "delete", description = "Delete a published model's folder (jobs and their checkpoints stay).")
    public static final class Delete {
        @Mixin
        HelpFlag help;

        @Parameters(index = "0", paramLabel = "NAME", description = "The published model's name.")
        String name;

        public String name() {
            return name;
        }
    }
}
