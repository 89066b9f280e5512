package dev.jtune.trainer.text;

import java.util.List;

/** Turns conversations (or plain text) into token ids and loss weights with a model's tokenizer and chat template. */
public interface ConversationEncoder {

    /** Renders the conversation with the chat template; assistant turns are trained, weighted by {@link ChatMessage#weight()}. */
    EncodedExample encode(List<ChatMessage> messages);

    /** Plain text for continued pretraining: every token is trained with weight 1. */
    EncodedExample encodeText(String text);

    /** Token ids of the prompt for generating the next assistant turn ({@code add_generation_prompt=True}). */
    int[] encodePrompt(List<ChatMessage> messages);
}
