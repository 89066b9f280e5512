package dev.jtune.trainer.data.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtune.trainer.data.Example;
import dev.jtune.trainer.data.SourceLocation;
import dev.jtune.trainer.text.ChatMessage;

import java.util.ArrayList;
import java.util.List;

/** {@code prompt}/{@code response} records ({@code completion} is accepted for the response, as OpenAI's legacy format). */
final class PromptResponseMapper implements RecordMapper {

    private final String defaultSystemPrompt;

    PromptResponseMapper(String defaultSystemPrompt) {
        this.defaultSystemPrompt = defaultSystemPrompt;
    }

    @Override
    public Example map(JsonNode record, SourceLocation source) throws InvalidRecordException {
        String prompt = JsonFields.requiredText(record, "prompt");
        String field = record.has("response") || !record.has("completion") ? "response" : "completion";
        String response = JsonFields.requiredText(record, field);
        List<ChatMessage> turns = new ArrayList<>(List.of(
                new ChatMessage("user", prompt), new ChatMessage("assistant", response)));
        return Example.conversation(source,
                SystemPrompt.prepend(JsonFields.optionalText(record, "system"), defaultSystemPrompt, turns));
    }
}
