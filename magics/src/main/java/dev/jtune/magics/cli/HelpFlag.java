package dev.jtune.magics.cli;

import picocli.CommandLine.Option;

/** The {@code --help} flag every magic and action has (mixed in; no {@code --version}, magics have none). */
public final class HelpFlag {
    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
}
