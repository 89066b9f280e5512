package dev.jtune.magics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.jtune.trainer.cli.JTuneTrain;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The magics and {@code jtune-train} do the same things with the same flags and defaults: finetune, publish, chat
 * and eval share one definition each, so the options of one are the options of the other, minus what belongs to a
 * surface (the CLI's workspace, version and miss printing; the magics' --background).
 */
class SharedCommandsTest {
    private static final Set<String> CLI_ONLY = Set.of("--help", "--version", "--workspace", "--show-misses", "--config");
    private static final Set<String> MAGIC_ONLY = Set.of("--help", "--background");

    private static Map<String, String> options(CommandSpec spec, Set<String> surfaceOnly) {
        Map<String, String> defaults = new TreeMap<>();
        for (OptionSpec o : spec.options()) {
            if (!surfaceOnly.contains(o.longestName())) {
                defaults.put(o.longestName(), String.valueOf(o.initialValue()) + "|" + o.defaultValue());
            }
        }
        return defaults;
    }

    @ParameterizedTest
    @CsvSource({"finetune, finetune", "publish, publish", "chat, chat", "eval, eval"})
    void magicAndCommandLineOfferTheSameFlagsWithTheSameDefaults(String magic, String cli) {
        Object command = switch (magic) {
            case "finetune" -> new FinetuneCommand();
            case "publish" -> new PublishCommand();
            case "chat" -> new ChatCommand();
            default -> new EvalCommand();
        };
        CommandSpec magicSpec = CommandParser.commandLine(command).getCommandSpec();
        CommandSpec cliSpec = JTuneTrain.commandLine().getSubcommands().get(cli).getCommandSpec();
        Map<String, String> inMagic = options(magicSpec, MAGIC_ONLY);
        Map<String, String> inCli = options(cliSpec, CLI_ONLY);
        assertEquals(new TreeSet<>(inMagic.keySet()), new TreeSet<>(inCli.keySet()), "%" + magic + " vs jtune-train " + cli);
        assertEquals(inMagic, inCli, "the defaults of %" + magic + " and jtune-train " + cli);
        assertTrue(inMagic.size() >= 3, inMagic.toString());
    }
}
