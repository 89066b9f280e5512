package dev.jtune.trainer.cli;

import dev.jtune.trainer.generate.SamplingParams;
import dev.jtune.trainer.runtime.ChatReply;
import dev.jtune.trainer.runtime.JTuneRuntime;
import dev.jtune.trainer.text.ChatMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "chat", mixinStandardHelpOptions = true, description = "Answer one prompt, streaming the reply.")
final class ChatCommand implements Callable<Integer> {

    @Mixin
    WorkspaceOption workspace;

    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "PROMPT")
    List<String> prompt;

    @Option(names = "--system", description = "A system message before the prompt.")
    String system;

    @Option(names = "--max-new-tokens", defaultValue = "256")
    int maxNewTokens;

    @Option(names = "--temperature", defaultValue = "0", description = "0 = greedy (default).")
    double temperature;

    @Option(names = "--top-p", defaultValue = "1")
    double topP;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Override
    public Integer call() throws Exception {
        List<ChatMessage> messages = new ArrayList<>();
        if (system != null) {
            messages.add(new ChatMessage("system", system));
        }
        messages.add(new ChatMessage("user", String.join(" ", prompt)));
        SamplingParams params = new SamplingParams(maxNewTokens, temperature, 0, topP, 1, seed, Set.of(), List.of());
        try (JTuneRuntime rt = workspace.open()) {
            ChatReply reply = rt.chat(model, messages, params, piece -> {
                System.out.print(piece);
                System.out.flush();
            });
            System.out.printf("%n[%d tokens, %s, %.1f s]%n", reply.tokens(), reply.stopReason(), reply.seconds());
            return 0;
        }
    }
}
