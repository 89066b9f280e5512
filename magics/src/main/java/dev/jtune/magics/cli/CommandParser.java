package dev.jtune.magics.cli;

import java.util.List;
import java.util.function.Function;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Parses a magic's words into one of the command classes of this package, or its help text. */
public final class CommandParser {
    private CommandParser() {
    }

    /** Parses the words the kernel split from the magic's line (it splits once; nothing here splits again). */
    public static ParsedCommand parse(Object command, List<String> words) {
        return parse(command, words, ParameterErrors::flagName);
    }

    static ParsedCommand parse(Object command, List<String> words, Function<ArgSpec, String> naming) {
        CommandLine commandLine = commandLine(command);
        ParseResult result;
        try {
            result = commandLine.parseArgs(words.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new UsageError(new ParameterErrors(naming).sentence(e));
        }
        ParseResult deepest = result;
        while (true) {
            if (deepest.isUsageHelpRequested()) {
                return new ParsedCommand(deepest.commandSpec().userObject(),
                        ParameterErrors.usage(deepest.commandSpec().commandLine()));
            }
            if (!deepest.hasSubcommand()) {
                break;
            }
            deepest = deepest.subcommand();
        }
        Object selected = deepest.commandSpec().userObject();
        if (selected instanceof Validated validated) {
            validated.validate();
        }
        return new ParsedCommand(selected, null);
    }

    /** The usage text of a command, as {@code --help} shows it. */
    public static String usage(Object command) {
        return ParameterErrors.usage(commandLine(command));
    }

    static CommandLine commandLine(Object command) {
        CommandLine commandLine = command instanceof BuildsOwnSpec own
                ? new CommandLine(own.buildSpec()) : new CommandLine(command);
        registerChoiceConverters(commandLine);
        commandLine.setOverwrittenOptionsAllowed(false);
        commandLine.setAbbreviatedOptionsAllowed(false);
        return commandLine;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void registerChoiceConverters(CommandLine commandLine) {
        CommandSpec spec = commandLine.getCommandSpec();
        for (ArgSpec arg : spec.args()) {
            Class<?> type = arg.type();
            if (type.isEnum()) {
                commandLine.registerConverter((Class) type, Choices.converter((Class) type));
            }
        }
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            registerChoiceConverters(sub);
        }
    }
}
