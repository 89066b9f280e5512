package dev.jtune.magics.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Completion of a magic's words from its picocli declaration, so flags, subcommands and choices are never
 * listed twice: flag names after {@code -}, the choices of an enum flag, and names of things where a flag or
 * argument expects one (its label says which: NAME a dataset, JOB a job, MODEL a model, PATH a file).
 */
public final class CommandCompleter {
    /** The names a notebook has at completion time. */
    public interface Names {
        List<String> datasets();

        List<String> jobs();

        /** Built-in, published and job models. */
        List<String> models();

        /** Files and folders matching a partly typed path (relative to the notebook's folder). */
        List<String> paths(String typed);
    }

    private CommandCompleter() {
    }

    /** Candidates for {@code current} after {@code words} (the kernel keeps those starting with {@code current}). */
    public static List<String> complete(Object command, List<String> words, String current, Names names) {
        CommandSpec spec = CommandParser.commandLine(command).getCommandSpec();
        OptionSpec awaitingValue = null;
        int positional = 0;
        for (String word : words) {
            if (awaitingValue != null) {
                awaitingValue = null;
            } else if (spec.subcommands().containsKey(word) && positional == 0) {
                spec = spec.subcommands().get(word).getCommandSpec();
            } else if (word.startsWith("-")) {
                OptionSpec option = spec.findOption(word);
                awaitingValue = option != null && option.arity().min() > 0 ? option : null;
            } else {
                positional++;
            }
        }
        if (awaitingValue != null) {
            return values(awaitingValue, current, names);
        }
        if (current.startsWith("-")) {
            List<String> flags = new ArrayList<>();
            spec.options().forEach(option -> flags.add(option.longestName()));
            return flags;
        }
        List<String> candidates = new ArrayList<>();
        if (positional == 0) {
            candidates.addAll(spec.subcommands().keySet());
        }
        for (PositionalParamSpec parameter : spec.positionalParameters()) {
            if (parameter.index().contains(positional)) {
                candidates.addAll(values(parameter, current, names));
                break;
            }
        }
        return candidates;
    }

    private static List<String> values(ArgSpec arg, String current, Names names) {
        Class<?> type = arg.type();
        if (type.isEnum()) {
            return Arrays.stream(type.getEnumConstants()).map(c -> Choices.word((Enum<?>) c)).toList();
        }
        if (arg.completionCandidates() != null) {
            // Options built from the job-parameter schema declare their choices as completion candidates.
            List<String> choices = new ArrayList<>();
            arg.completionCandidates().forEach(choices::add);
            return choices;
        }
        if (arg instanceof OptionSpec option && option.longestName().equals("--name")) {
            return List.of(); // a new name: nothing to offer
        }
        String label = arg.paramLabel().replaceAll("[<>]", "").toUpperCase(Locale.ROOT);
        if (label.startsWith("MODEL")) {
            // MODEL[,MODEL2]: complete the model after the last comma, keeping the ones before it.
            String before = current.substring(0, current.lastIndexOf(',') + 1);
            return names.models().stream().map(model -> before + model).toList();
        }
        return switch (label) {
            case "NAME" -> names.datasets();
            case "NAME:RATE" -> names.datasets().stream().map(name -> name + ":").toList();
            case "JOB", "JOB[:STEP]" -> names.jobs();
            case "PATH" -> names.paths(current);
            default -> List.of();
        };
    }
}
