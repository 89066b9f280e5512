package dev.jtune.magics.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code %jobs [list] | show | stop | copy | delete | logs}: the workspace's jobs, as a hosted console lists them. */
@Command(name = "%jobs", description = "List and manage fine-tuning jobs. With no action, lists them.",
        subcommands = {JobsCommand.ListAll.class, JobsCommand.Show.class, JobsCommand.Stop.class, JobsCommand.Copy.class,
                JobsCommand.Delete.class, JobsCommand.Logs.class})
public final class JobsCommand {
    @Mixin
    HelpFlag help;

    @Command(name = "list", description = "List every job with its status, progress, tokens, duration and best validation loss.")
    public static final class ListAll {
        @Mixin
        HelpFlag help;
    }

    /** The actions that take one job name. */
    abstract static class OneJob {
        @Mixin
        HelpFlag help;

        @Parameters(index = "0", paramLabel = "JOB", description = "The job's name.")
        String job;

        public String job() {
            return job;
        }
    }

    @Command(name = "show", description = "Show a job's parameters, status, metrics and checkpoints.")
    public static final class Show extends OneJob {
    }

    @Command(name = "stop", description = "Stop a running job after its current step; a checkpoint is saved.")
    public static final class Stop extends OneJob {
    }

    @Command(name = "delete", description = "Delete a job that is not running, with its checkpoints.")
    public static final class Delete extends OneJob {
    }

    @Command(name = "copy", description = "Make a new job with an old job's parameters, changing some with --set.")
    public static final class Copy {
        @Mixin
        HelpFlag help;

        @Parameters(index = "0", paramLabel = "JOB", description = "The job to copy.")
        String job;

        @Parameters(index = "1", paramLabel = "NEW", description = "The new job's name.")
        String newName;

        @Option(names = "--set", paramLabel = "key=value", mapFallbackValue = "",
                description = "Change a parameter, e.g. --set lr=1e-4 --set epochs=5 (names as in %%finetune).")
        Map<String, String> changes;

        public String job() {
            return job;
        }

        public String newName() {
            return newName;
        }

        /** The parameters to change, keyed by their %finetune flag names without dashes. */
        public Map<String, String> changes() {
            Map<String, String> normalized = new LinkedHashMap<>();
            if (changes != null) {
                changes.forEach((key, value) -> normalized.put(key.trim().replace('_', '-').replaceFirst("^--", ""), value));
            }
            return normalized;
        }
    }

    @Command(name = "logs", description = "Print a job's log lines.")
    public static final class Logs extends OneJob {
        @Option(names = "--tail", paramLabel = "N", converter = Converters.AtLeastOne.class, description = "Only the last N lines.")
        Integer tail;

        public Integer tail() {
            return tail;
        }
    }
}
