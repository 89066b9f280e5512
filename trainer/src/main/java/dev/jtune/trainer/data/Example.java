package dev.jtune.trainer.data;

import dev.jtune.trainer.text.ChatMessage;
import dev.jtune.trainer.text.ConversationEncoder;
import dev.jtune.trainer.text.EncodedExample;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One training example: either a conversation (chat fine-tuning, loss on assistant turns) or a plain text
 * (continued pretraining, loss on every token). Exactly one of {@code messages} and {@code text} is set.
 *
 * @param tools the functions a function-calling conversation offers (OpenAI {@code tools} entries as JSON-like
 *              maps, handed to the chat template as they are); empty otherwise
 */
public record Example(SourceLocation source, List<ChatMessage> messages, String text, List<Map<String, Object>> tools) {

    public Example {
        if ((messages == null) == (text == null)) {
            throw new IllegalArgumentException("an Example is either a conversation or a text, not both or neither");
        }
        messages = messages == null ? null : List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    public Example(SourceLocation source, List<ChatMessage> messages, String text) {
        this(source, messages, text, List.of());
    }

    public static Example conversation(SourceLocation source, List<ChatMessage> messages) {
        return new Example(source, Objects.requireNonNull(messages), null);
    }

    /** A function-calling conversation with the tools it offers. */
    public static Example conversation(SourceLocation source, List<ChatMessage> messages,
                                       List<Map<String, Object>> tools) {
        return new Example(source, Objects.requireNonNull(messages), null, tools);
    }

    public static Example text(SourceLocation source, String text) {
        return new Example(source, null, Objects.requireNonNull(text));
    }

    public boolean isText() {
        return text != null;
    }

    /** Messages in a conversation; a text counts as one turn. */
    public int turns() {
        return isText() ? 1 : messages.size();
    }

    public EncodedExample encode(ConversationEncoder encoder) {
        return isText() ? encoder.encodeText(text) : encoder.encode(messages, tools);
    }
}
