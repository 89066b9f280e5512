package dev.jtune.trainer.eval;

import dev.jtune.trainer.text.ChatMessage;

import java.util.List;

/**
 * A held-out example: the messages before the last assistant turn, and that turn's content as the answer.
 */
public record EvalExample(List<ChatMessage> prompt, String expected) {

    /** Splits a conversation that ends with an assistant turn. */
    public static EvalExample fromConversation(List<ChatMessage> messages) {
        if (messages.isEmpty() || !messages.get(messages.size() - 1).isAssistant()) {
            throw new IllegalArgumentException("an evaluation example must end with an assistant turn (the expected "
                    + "answer), but this one ends with " + (messages.isEmpty() ? "nothing"
                    : "a " + messages.get(messages.size() - 1).role() + " turn"));
        }
        return new EvalExample(List.copyOf(messages.subList(0, messages.size() - 1)),
                messages.get(messages.size() - 1).content());
    }

    /**
     * The conversation whose loss is the loss of the expected answer alone: earlier assistant turns get loss weight
     * 0, the expected answer its full weight (as training scores it).
     */
    public List<ChatMessage> scoredConversation() {
        List<ChatMessage> out = new java.util.ArrayList<>(prompt.size() + 1);
        for (ChatMessage m : prompt) {
            out.add(m.isAssistant() ? new ChatMessage(m.role(), m.content(), 0.0, m.toolCalls(), m.toolCallId(),
                    m.reasoningContent()) : m);
        }
        out.add(new ChatMessage("assistant", expected));
        return out;
    }

    /** The last user message, for tables. */
    public String question() {
        for (int i = prompt.size() - 1; i >= 0; i--) {
            if ("user".equals(prompt.get(i).role())) {
                return prompt.get(i).content();
            }
        }
        return "";
    }
}
