package dev.jtune.trainer.cli;

import dev.jtune.trainer.job.InvalidParameterException;
import dev.jtune.trainer.job.JobParameter;
import dev.jtune.trainer.job.JobParameters;
import dev.jtune.trainer.job.ParameterHelp;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParseResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job parameters as picocli options, built from {@link JobParameters} with picocli's programmatic API: the same
 * options for {@code jtune-train finetune} and the {@code %finetune} magic, so no flag is declared twice. Values are
 * parsed and range-checked by their {@link JobParameter}; {@code --help} lists them by group.
 */
public final class JobOptions {

    /** The usage-help section that lists the parameters. */
    public static final String HELP_SECTION = "jtuneParameters";

    private JobOptions() {
    }

    /** Adds one option per parameter, and the parameters section of the help. */
    public static void addTo(CommandSpec spec) {
        for (JobParameter p : JobParameters.all()) {
            OptionSpec.Builder option = OptionSpec.builder(p.flag())
                    .type(Object.class)
                    .paramLabel(p.label())
                    .description(p.help())
                    .hidden(true)  // listed by group in the parameters section instead
                    .converters(text -> convert(p, text));
            if (p.isSwitch()) {
                option.arity("0..1").fallbackValue("true").completionCandidates(List.of("true", "false"));
            } else {
                option.arity("1");
            }
            if (!p.choices().isEmpty()) {
                option.completionCandidates(p.choices());  // what completion offers after the flag
            }
            spec.addOption(option.build());
        }
        UsageMessageSpec usage = spec.usageMessage();
        List<String> keys = new ArrayList<>(usage.sectionKeys());
        keys.add(keys.indexOf(UsageMessageSpec.SECTION_KEY_OPTION_LIST) + 1, HELP_SECTION);
        usage.sectionKeys(keys);
        Map<String, picocli.CommandLine.IHelpSectionRenderer> renderers = new LinkedHashMap<>(usage.sectionMap());
        renderers.put(HELP_SECTION, help -> "\n" + ParameterHelp.text());
        usage.sectionMap(renderers);
    }

    /** The parameters given on the command line, typed ({@code lr -> 2.0E-4}), in the order they were typed. */
    public static Map<String, Object> given(ParseResult result) {
        Map<String, Object> given = new LinkedHashMap<>();
        for (OptionSpec option : result.matchedOptions()) {
            JobParameters.find(option.longestName()).ifPresent(p -> given.put(p.name(), option.getValue()));
        }
        return given;
    }

    /** Typed values as the text {@code JobConfig.fromFlags} reads. */
    public static Map<String, String> asText(Map<String, Object> typed) {
        Map<String, String> text = new LinkedHashMap<>();
        typed.forEach((k, v) -> text.put(k, JobParameter.text(v)));
        return text;
    }

    private static Object convert(JobParameter p, String text) {
        try {
            return p.parse(text);
        } catch (InvalidParameterException e) {
            throw new InvalidValue(e);
        }
    }

    /**
     * A refused value as picocli's conversion error: its message is the rule ("is out of range: use ..."), and
     * {@link #reason()} keeps the whole sentence with the parameter.
     */
    public static final class InvalidValue extends OptionRule {
        private final transient InvalidParameterException reason;

        InvalidValue(InvalidParameterException reason) {
            super(reason.problem());
            this.reason = reason;
        }

        public InvalidParameterException reason() {
            return reason;
        }
    }
}
