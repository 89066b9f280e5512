package dev.jtune.magics.cli;

import dev.jtune.trainer.cli.OptionConverters;

import dev.jtune.kernel.magic.Suggestions;
import dev.jtune.trainer.job.InvalidParameterException;
import dev.jtune.trainer.job.JobParameter;
import dev.jtune.trainer.job.JobParameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    public static final class Copy implements Validated {
        @Mixin
        HelpFlag help;

        @Parameters(index = "0", paramLabel = "JOB", description = "The job to copy.")
        String job;

        @Parameters(index = "1", paramLabel = "NEW", description = "The new job's name.")
        String newName;

        @Option(names = "--set", paramLabel = "key=value", mapFallbackValue = "",
                description = "Change a parameter, e.g. --set lr=1e-4 --set epochs=5 (the parameters of %%finetune "
                        + "--help, without the dashes).")
        Map<String, String> changes;

        public String job() {
            return job;
        }

        public String newName() {
            return newName;
        }

        /** Each --set names a job parameter and a value in its range; the error says which --set is wrong. */
        @Override
        public void validate() {
            if (changes == null) {
                return;
            }
            changes.forEach((key, value) -> {
                String typed = "--set " + key + "=" + value;
                JobParameter parameter = JobParameters.find(key).orElseThrow(() -> {
                    List<String> close = Suggestions.closest(JobParameters.normalize(key), JobParameters.names());
                    return new UsageError("%jobs copy: " + typed + " names no job parameter."
                            + (close.isEmpty() ? "" : " Did you mean " + String.join(" or ", close) + "?")
                            + " The parameters are those of %finetune --help, e.g. --set lr=1e-4.");
                });
                try {
                    parameter.parse(value);
                } catch (InvalidParameterException e) {
                    throw new UsageError("%jobs copy: " + e.phrase(typed) + ".");
                }
            });
        }

        /** The parameters to change, keyed by their names ({@code batch-size}). */
        public Map<String, String> changes() {
            Map<String, String> normalized = new LinkedHashMap<>();
            if (changes != null) {
                changes.forEach((key, value) -> normalized.put(JobParameters.normalize(key), value));
            }
            return normalized;
        }

        /**
         * A trainer sentence about parameters as this surface writes them: {@code --lr} becomes {@code --set lr=},
         * because {@code %jobs copy} has no {@code --lr}.
         */
        public static String asSetFlags(String sentence) {
            String out = sentence;
            for (JobParameter p : JobParameters.all().stream()
                    .sorted((a, b) -> Integer.compare(b.name().length(), a.name().length())).toList()) {
                // "--lr 5" becomes "--set lr=5"; a flag named without a value gets its placeholder: "--set val=NAME"
                Matcher m = Pattern.compile("--" + Pattern.quote(p.name()) + "(?![a-z-])( (?=[^ (]))?").matcher(out);
                StringBuilder rewritten = new StringBuilder();
                while (m.find()) {
                    String replacement = "--set " + p.name() + "=" + (m.group(1) != null ? "" : p.label());
                    m.appendReplacement(rewritten, Matcher.quoteReplacement(replacement));
                }
                m.appendTail(rewritten);
                out = rewritten.toString();
            }
            return out;
        }
    }

    @Command(name = "logs", description = "Print a job's log lines.")
    public static final class Logs extends OneJob {
        @Option(names = "--tail", paramLabel = "N", converter = OptionConverters.AtLeastOne.class, description = "Only the last N lines.")
        Integer tail;

        public Integer tail() {
            return tail;
        }
    }
}
