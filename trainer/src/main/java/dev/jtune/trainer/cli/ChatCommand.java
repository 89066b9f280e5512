package dev.jtune.trainer.cli;

import dev.jtune.trainer.runtime.ChatReply;
import dev.jtune.trainer.runtime.JTuneRuntime;
import dev.jtune.trainer.text.ChatMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "chat", mixinStandardHelpOptions = true, description = "Answer one prompt, streaming the reply.")
final class ChatCommand implements Callable<Integer> {

    @Mixin
    WorkspaceOption workspace;

    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "PROMPT")
    List<String> prompt;

    @Mixin
    SamplingOptions sampling;

    @Override
    public Integer call() throws Exception {
        List<ChatMessage> messages = new ArrayList<>();
        if (sampling.system() != null) {
            messages.add(new ChatMessage("system", sampling.system()));
        }
        messages.add(new ChatMessage("user", String.join(" ", prompt)));
        try (JTuneRuntime rt = workspace.open()) {
            ChatReply reply = rt.chat(model, messages, sampling.params(), piece -> {
                System.out.print(piece);
                System.out.flush();
            });
            System.out.printf("%n[%d tokens, %s, %.1f s]%n", reply.tokens(), reply.stopReason(), reply.seconds());
            return 0;
        }
    }
}
