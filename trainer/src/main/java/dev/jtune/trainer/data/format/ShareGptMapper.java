package dev.jtune.trainer.data.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.data.example.SourceLocation;
import dev.jtune.trainer.text.ChatMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** ShareGPT records: {@code conversations} of {@code from}/{@code value}, with an optional top-level {@code system}. */
final class ShareGptMapper implements RecordMapper {

    static final Map<String, String> ROLES = Map.of(
            "human", "user", "user", "user",
            "gpt", "assistant", "assistant", "assistant", "chatgpt", "assistant",
            "system", "system");

    private final String defaultSystemPrompt;

    ShareGptMapper(String defaultSystemPrompt) {
        this.defaultSystemPrompt = defaultSystemPrompt;
    }

    @Override
    public Example map(JsonNode record, SourceLocation source) throws InvalidRecordException {
        JsonNode conversations = JsonFields.requiredArray(record, "conversations");
        List<ChatMessage> turns = new ArrayList<>(conversations.size());
        for (int i = 0; i < conversations.size(); i++) {
            JsonNode m = conversations.get(i);
            String where = "conversation turn " + (i + 1);
            if (!m.isObject()) {
                throw new InvalidRecordException(where + " must be an object with \"from\" and \"value\"");
            }
            String from;
            String value;
            try {
                from = JsonFields.requiredText(m, "from");
                value = JsonFields.requiredText(m, "value");
            } catch (InvalidRecordException e) {
                throw new InvalidRecordException(where + ": " + e.getMessage());
            }
            String role = ROLES.get(from);
            if (role == null) {
                throw new InvalidRecordException(where + ": unknown speaker \"from\": \"" + from
                        + "\"; allowed: human, gpt, system (or user, assistant)");
            }
            turns.add(new ChatMessage(role, value));
        }
        return Example.conversation(source,
                SystemPrompt.prepend(JsonFields.optionalText(record, "system"), defaultSystemPrompt, turns));
    }
}
