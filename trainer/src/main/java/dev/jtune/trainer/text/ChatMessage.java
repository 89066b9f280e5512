package dev.jtune.trainer.text;

import java.util.List;

/**
 * One turn of an OpenAI-style conversation.
 *
 * @param lossWeight per-message weight of the trained tokens (Volcano Ark / LLaMA-Factory style);
 *                   {@code null} means the default, 1.0 for assistant turns
 * @param toolCalls  the functions an assistant turn calls; empty for other turns
 * @param toolCallId for a {@code tool} turn, the id of the call it answers; null otherwise or when the data has none
 * @param reasoningContent an assistant turn's thinking ({@code reasoning_content}, which Qwen3's template renders in a
 *                   {@code <think>} block); null when the data has none
 */
public record ChatMessage(String role, String content, Double lossWeight, List<ToolCall> toolCalls, String toolCallId,
                          String reasoningContent) {

    public ChatMessage {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public ChatMessage(String role, String content, Double lossWeight, List<ToolCall> toolCalls, String toolCallId) {
        this(role, content, lossWeight, toolCalls, toolCallId, null);
    }

    public ChatMessage(String role, String content, Double lossWeight) {
        this(role, content, lossWeight, List.of(), null);
    }

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

    /** Whether rendering this turn needs a template that knows function calling. */
    public boolean usesTools() {
        return !toolCalls.isEmpty() || "tool".equals(role);
    }
}
