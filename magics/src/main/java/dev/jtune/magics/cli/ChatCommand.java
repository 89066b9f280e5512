package dev.jtune.magics.cli;

import java.util.List;

import dev.jtune.trainer.cli.SamplingOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code %chat MODEL[,MODEL2[,MODEL3]] [flags] PROMPT} and {@code %%chat MODEL,... [flags]} with the prompt as
 * the cell body. The words after the models are the prompt, so it needs no quotes.
 */
@Command(name = "%chat", description = {"Ask one model, or up to three side by side, and stream the answers.",
        "%%%%chat takes the prompt from the cell body; lines starting 'user:' and 'assistant:' make a multi-turn chat."})
public final class ChatCommand implements Validated {
    static final int MAX_MODELS = 3;

    @Mixin
    HelpFlag help;

    @Parameters(index = "0", arity = "1", paramLabel = "MODEL[,MODEL2[,MODEL3]]", converter = Converters.ModelList.class,
            description = "tiny, a folder, a job (its newest checkpoint), JOB:STEP, a published name or a hub id.")
    List<String> models;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "PROMPT", description = "What to ask.")
    List<String> promptWords;

    @Mixin
    SamplingOptions sampling;

    /** Set for {@code %%chat}: the body is the prompt. */
    private String body;

    @Override
    public void validate() {
        if (models.size() > MAX_MODELS) {
            throw new UsageError("%chat compares at most " + MAX_MODELS + " models side by side; got " + models.size()
                    + " (" + String.join(", ", models) + ").");
        }
        if (body != null && promptWords != null && !promptWords.isEmpty()) {
            throw new UsageError("%%chat: unexpected words '" + String.join(" ", promptWords)
                    + "' after the model; the prompt goes in the cell body (or use %chat on one line).");
        }
        if (prompt().isBlank()) {
            throw new UsageError("%chat needs a prompt after the model, e.g. %chat " + String.join(",", models)
                    + " How do I open an account? (or use %%chat with the prompt in the cell body).");
        }
    }

    /** Parses {@code %%chat}: the header line's words hold the models and flags, the body the conversation. */
    public static ParsedCommand parseCell(List<String> headerWords, String body) {
        ChatCommand command = new ChatCommand();
        command.body = body;
        return CommandParser.parse(command, headerWords);
    }

    public List<String> models() {
        return List.copyOf(models);
    }

    /** The prompt text: the cell body for %%chat, else the words after the model. */
    public String prompt() {
        if (body != null) {
            return body.strip();
        }
        return promptWords == null ? "" : String.join(" ", promptWords);
    }

    public boolean fromCellBody() {
        return body != null;
    }

    public SamplingOptions sampling() {
        return sampling;
    }
}
