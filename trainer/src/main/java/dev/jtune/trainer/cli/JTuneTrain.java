package dev.jtune.trainer.cli;

import dev.jtune.trainer.UserFacingException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.UncheckedIOException;

/**
 * {@code jtune-train}: the trainer without a notebook. Run with {@code -Dai.djl.offline=true} and
 * {@code OPT_OUT_TRACKING=true} as every DJL JVM of the project.
 */
@Command(name = "jtune-train", mixinStandardHelpOptions = true, version = "jtune-train 0.1",
        description = "Fine-tune, publish, evaluate and chat with language models (LoRA or full update, DJL).",
        subcommands = {FinetuneCommand.class, PublishCommand.class, EvalCommand.class, ChatCommand.class,
                JobsCommand.class, RunJobCommand.class, ExportCommand.class})
public final class JTuneTrain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The command line with user-facing errors printed as their sentence (no stack trace), exit code 2. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new JTuneTrain());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        FinetuneCommand.addParameters(cli.getSubcommands().get("finetune").getCommandSpec());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (UserFacingException.isUserFacing(e) || e instanceof UncheckedIOException
                    || e instanceof IllegalStateException) {
                line.getErr().println("error: " + TerminalWording.of(e.getMessage()));
                return 2;
            }
            throw e;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine line = e.getCommandLine();
            String sentence = e.getCause() instanceof JobOptions.InvalidValue invalid
                    ? invalid.reason().getMessage() : e.getMessage();
            line.getErr().println("error: " + sentence + " (see " + line.getCommandSpec().qualifiedName()
                    + " --help)");
            return 2;
        });
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
