package dev.jtune.magics.cli;

import dev.jtune.trainer.cli.OptionRule;

import dev.jtune.kernel.magic.Suggestions;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.MutuallyExclusiveArgsException;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns picocli's parse failures into one sentence that names the magic, the flag and the value, and says
 * what is allowed. picocli's own messages ("Unmatched argument at index 2") are written for CLI authors.
 */
final class ParameterErrors {
    private final Function<ArgSpec, String> naming;

    /** @param naming how a flag is called in the message; the %%finetune body calls it by its YAML key */
    ParameterErrors(Function<ArgSpec, String> naming) {
        this.naming = naming;
    }

    static String flagName(ArgSpec spec) {
        if (spec instanceof OptionSpec option) {
            return option.longestName();
        }
        return spec.paramLabel();
    }

    String sentence(ParameterException e) {
        CommandSpec command = e.getCommandLine().getCommandSpec();
        String magic = command.qualifiedName(" ");
        String help = " See " + magic + " --help.";
        if (e instanceof UnmatchedArgumentException unmatched) {
            return magic + ": " + unmatchedSentence(unmatched, command) + help;
        }
        if (e instanceof MissingParameterException missing) {
            return magic + ": " + missingSentence(missing) + help;
        }
        if (e instanceof MutuallyExclusiveArgsException) {
            return magic + ": " + exclusiveSentence(command) + help;
        }
        if (e instanceof OverwrittenOptionException overwritten && overwritten.getOverwritten() != null) {
            return magic + ": " + naming.apply(overwritten.getOverwritten()) + " was given more than once; give it once.";
        }
        if (e.getArgSpec() != null && e.getValue() != null) {
            return magic + ": " + valueSentence(e) + help;
        }
        return magic + ": " + e.getMessage() + help;
    }

    private String valueSentence(ParameterException e) {
        ArgSpec spec = e.getArgSpec();
        String rule;
        if (e.getCause() instanceof OptionRule optionRule) {
            rule = optionRule.getMessage();
        } else {
            rule = "must be " + typeDescription(spec.type());
        }
        return naming.apply(spec) + " " + rule + " (got '" + e.getValue() + "').";
    }

    private static String typeDescription(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number (for example 2e-4 or 0.1)";
        }
        return "a valid " + type.getSimpleName();
    }

    private String unmatchedSentence(UnmatchedArgumentException e, CommandSpec command) {
        List<String> words = e.getUnmatched();
        String first = words.isEmpty() ? "" : words.get(0);
        if (first.startsWith("-")) {
            String flag = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
            List<String> flags = command.options().stream().map(OptionSpec::longestName).toList();
            List<String> suggestions = Suggestions.closest(flag, flags);
            String hint = suggestions.isEmpty() ? "" : " Did you mean " + String.join(" or ", suggestions) + "?";
            return "unknown flag " + flag + "." + hint;
        }
        if (!command.subcommands().isEmpty() && !e.getCommandLine().getParseResult().hasSubcommand()) {
            return "unknown action '" + first + "'; choose one of " + String.join(", ", command.subcommands().keySet()) + ".";
        }
        return "unexpected argument '" + String.join(" ", words) + "'; put text with spaces in quotes.";
    }

    private String missingSentence(MissingParameterException e) {
        List<ArgSpec> missing = e.getMissing();
        if (missing == null || missing.isEmpty()) {
            return e.getMessage();
        }
        if (e.getMessage() != null && e.getMessage().startsWith("Missing required parameter for option")) {
            ArgSpec spec = missing.get(0);
            return naming.apply(spec) + " needs a value (" + spec.paramLabel() + ").";
        }
        return missing.stream()
                .map(spec -> naming.apply(spec) + " is required (" + firstSentence(spec) + ")")
                .collect(Collectors.joining("; ")) + ".";
    }

    private static String exclusiveSentence(CommandSpec command) {
        return command.argGroups().stream()
                .filter(group -> group.exclusive())
                .map(group -> "choose only one of " + group.args().stream()
                        .map(ParameterErrors::flagName).collect(Collectors.joining(", ")) + ".")
                .findFirst().orElse("two flags that exclude each other were given.");
    }

    private static String firstSentence(ArgSpec spec) {
        String[] description = spec.description();
        if (description == null || description.length == 0) {
            return spec.paramLabel();
        }
        String text = description[0];
        int dot = text.indexOf(". ");
        String sentence = dot > 0 ? text.substring(0, dot) : text;
        if (sentence.endsWith(".")) {
            sentence = sentence.substring(0, sentence.length() - 1);
        }
        return Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
    }

    static String usage(CommandLine commandLine) {
        return commandLine.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }
}
