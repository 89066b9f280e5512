package dev.jtune.magics.cli;

/**
 * The outcome of parsing a magic's arguments: the command object the words selected (a subcommand such as
 * {@code DatasetCommand.Show} when there is one), or the usage text when {@code --help} was asked for.
 */
public record ParsedCommand(Object command, String helpText) {
    public boolean isHelp() {
        return helpText != null;
    }

    public <T> T as(Class<T> type) {
        return type.cast(command);
    }
}
