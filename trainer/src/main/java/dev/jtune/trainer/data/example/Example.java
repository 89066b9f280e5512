package dev.jtune.trainer.data.example;

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
public record Example(SourceLocation source, List<ChatMessage> messages, String text, List<Map<String, Object>> tools,
                      PreferenceAnswers preference) {

    public Example {
        if ((messages == null) == (text == null)) {
            throw new IllegalArgumentException("an Example is either a conversation or a text, not both or neither");
        }
        if (preference != null && (messages == null || preference.promptTurns() > messages.size())) {
            throw new IllegalArgumentException("a preference pair is a conversation whose prompt it contains");
        }
        messages = messages == null ? null : List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    public Example(SourceLocation source, List<ChatMessage> messages, String text, List<Map<String, Object>> tools) {
        this(source, messages, text, tools, null);
    }

    public Example(SourceLocation source, List<ChatMessage> messages, String text) {
        this(source, messages, text, List.of());
    }

    /** A preference pair: {@code prompt} then {@code chosen} is the conversation; {@code rejected} loses to chosen. */
    public static Example preference(SourceLocation source, List<ChatMessage> prompt, List<ChatMessage> chosen,
                                     List<ChatMessage> rejected, List<Map<String, Object>> tools) {
        List<ChatMessage> conversation = new java.util.ArrayList<>(prompt);
        conversation.addAll(chosen);
        return new Example(source, conversation, null, tools, new PreferenceAnswers(prompt.size(), rejected));
    }

    public boolean isPreference() {
        return preference != null;
    }

    /** The prompt of a preference pair (every message before the chosen answer). */
    public List<ChatMessage> prompt() {
        return messages.subList(0, preference.promptTurns());
    }

    /** The chosen answer of a preference pair. */
    public List<ChatMessage> chosen() {
        return messages.subList(preference.promptTurns(), messages.size());
    }

    public List<ChatMessage> rejected() {
        return preference.rejected();
    }

    /**
     * A preference pair as the model scores it: prompt + chosen and prompt + rejected, each with the loss on its
     * answer only (assistant turns of a multi-turn prompt get weight 0, as TRL scores only the completion).
     */
    public EncodedExample[] encodePair(ConversationEncoder encoder) {
        List<ChatMessage> prompt = new java.util.ArrayList<>();
        for (ChatMessage m : prompt()) {
            prompt.add(m.isAssistant()
                    ? new ChatMessage(m.role(), m.content(), 0.0, m.toolCalls(), m.toolCallId()) : m);
        }
        List<ChatMessage> chosen = new java.util.ArrayList<>(prompt);
        chosen.addAll(chosen());
        List<ChatMessage> rejected = new java.util.ArrayList<>(prompt);
        rejected.addAll(rejected());
        return new EncodedExample[] {encoder.encode(chosen, tools), encoder.encode(rejected, tools)};
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
