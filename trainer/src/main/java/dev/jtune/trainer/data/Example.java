package dev.jtune.trainer.data;

import dev.jtune.trainer.text.ChatMessage;
import dev.jtune.trainer.text.ConversationEncoder;
import dev.jtune.trainer.text.EncodedExample;

import java.util.List;
import java.util.Objects;

/**
 * One training example: either a conversation (chat fine-tuning, loss on assistant turns) or a plain text
 * (continued pretraining, loss on every token). Exactly one of {@code messages} and {@code text} is set.
 */
public record Example(SourceLocation source, List<ChatMessage> messages, String text) {

    public Example {
        if ((messages == null) == (text == null)) {
            throw new IllegalArgumentException("an Example is either a conversation or a text, not both or neither");
        }
        messages = messages == null ? null : List.copyOf(messages);
    }

    public static Example conversation(SourceLocation source, List<ChatMessage> messages) {
        return new Example(source, Objects.requireNonNull(messages), null);
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
        return isText() ? encoder.encodeText(text) : encoder.encode(messages);
    }
}
