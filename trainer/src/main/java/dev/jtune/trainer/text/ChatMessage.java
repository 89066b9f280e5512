package dev.jtune.trainer.text;

/**
 * One turn of an OpenAI-style conversation.
 *
 * @param lossWeight per-message weight of the trained tokens (Volcano Ark / LLaMA-Factory style);
 *                   {@code null} means the default, 1.0 for assistant turns
 */
public record ChatMessage(String role, String content, Double lossWeight) {

    public ChatMessage(String role, String content) {
        this(role, content, null);
    }

    /** The weight the loss gives this turn's trained tokens. */
    public double weight() {
        return lossWeight == null ? 1.0 : lossWeight;
    }

    public boolean isAssistant() {
        return "assistant".equals(role);
    }
}
