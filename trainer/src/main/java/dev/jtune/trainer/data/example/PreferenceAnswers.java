package dev.jtune.trainer.data.example;

import dev.jtune.trainer.text.ChatMessage;

import java.util.List;

/**
 * What makes an example a preference pair: its {@code messages} are the prompt (the first {@code promptTurns}
 * messages) followed by the chosen answer; {@code rejected} is the answer that loses to it.
 *
 * @param promptTurns messages of the conversation that belong to the prompt
 * @param rejected    the rejected answer's messages (assistant turns, possibly with tool turns between them)
 */
public record PreferenceAnswers(int promptTurns, List<ChatMessage> rejected) {

    public PreferenceAnswers {
        rejected = List.copyOf(rejected);
    }
}
