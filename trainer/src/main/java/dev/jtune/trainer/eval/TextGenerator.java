package dev.jtune.trainer.eval;

import dev.jtune.trainer.text.ChatMessage;

import java.util.List;

/**
 * Writes the next assistant turn for a conversation (greedy for evaluation). Wired by the lead to the generate
 * package with a model loaded from a {@code ResolvedModel} and its chat template.
 */
@FunctionalInterface
public interface TextGenerator {

    String generate(List<ChatMessage> prompt);
}
