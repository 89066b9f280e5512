package dev.jtune.trainer.data.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.data.example.SourceLocation;
import dev.jtune.trainer.text.ChatMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code prompt}/{@code response} records ({@code completion} is accepted for the response, as OpenAI's legacy
 * format), or the fields a {@link ColumnMapping} names ({@code --columns question=Q,answer=A[,system=S]}).
 */
final class PromptResponseMapper implements RecordMapper {

    private final String defaultSystemPrompt;
    private final ColumnMapping columns;

    /** @param columns the fields to read, or null for prompt and response (or completion) */
    PromptResponseMapper(String defaultSystemPrompt, ColumnMapping columns) {
        this.defaultSystemPrompt = defaultSystemPrompt;
        this.columns = columns;
    }

    @Override
    public Example map(JsonNode record, SourceLocation source) throws InvalidRecordException {
        String promptField = columns != null ? columns.question() : "prompt";
        String field = columns != null ? columns.answer()
                : record.has("response") || !record.has("completion") ? "response" : "completion";
        String systemField = columns != null && columns.systemColumn() != null ? columns.systemColumn() : "system";
        String prompt = JsonFields.requiredText(record, promptField);
        String response = JsonFields.requiredText(record, field);
        List<ChatMessage> turns = new ArrayList<>(List.of(
                new ChatMessage("user", prompt), new ChatMessage("assistant", response)));
        return Example.conversation(source,
                SystemPrompt.prepend(JsonFields.optionalText(record, systemField), defaultSystemPrompt, turns));
    }
}
