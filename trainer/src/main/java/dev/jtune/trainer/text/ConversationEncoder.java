package dev.jtune.trainer.text;

import java.util.List;
import java.util.Map;

/** Turns conversations (or plain text) into token ids and loss weights with a model's tokenizer and chat template. */
public interface ConversationEncoder {

    /** Renders the conversation with the chat template; assistant turns are trained, weighted by {@link ChatMessage#weight()}. */
    EncodedExample encode(List<ChatMessage> messages);

    /**
     * As {@link #encode(List)} for a conversation that offers {@code tools} (the template's {@code tools}
     * variable). Encoders without chat templates cannot render function calling and refuse it.
     */
    default EncodedExample encode(List<ChatMessage> messages, List<Map<String, Object>> tools) {
        if (!tools.isEmpty() || messages.stream().anyMatch(ChatMessage::usesTools)) {
            throw new ChatTemplateException("This encoder has no chat template, so it cannot render function-calling"
                    + " conversations (tools, tool_calls, tool messages); train with a model whose chat template"
                    + " supports tools.");
        }
        return encode(messages);
    }

    /** Plain text for continued pretraining: every token is trained with weight 1. */
    EncodedExample encodeText(String text);

    /** Token ids of the prompt for generating the next assistant turn ({@code add_generation_prompt=True}). */
    int[] encodePrompt(List<ChatMessage> messages);
}
