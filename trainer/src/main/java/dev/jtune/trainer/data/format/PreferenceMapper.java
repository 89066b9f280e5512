package dev.jtune.trainer.data.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.data.example.SourceLocation;
import dev.jtune.trainer.text.ChatMessage;

import java.util.List;
import java.util.Map;

/**
 * TRL's preference records: {@code prompt}, {@code chosen}, {@code rejected}, either plain strings (the prompt a
 * user turn, each answer an assistant turn; an optional {@code system} field) or conversational (the prompt a list
 * of messages, each answer a list of assistant messages), with an optional OpenAI {@code tools} list.
 */
final class PreferenceMapper implements RecordMapper {

    private final String defaultSystemPrompt;

    PreferenceMapper(String defaultSystemPrompt) {
        this.defaultSystemPrompt = defaultSystemPrompt;
    }

    @Override
    public Example map(JsonNode record, SourceLocation source) throws InvalidRecordException {
        for (String field : List.of("prompt", "chosen", "rejected")) {
            JsonNode v = record.get(field);
            if (v == null || v.isNull()) {
                throw new InvalidRecordException("missing field \"" + field + "\": a preference record has "
                        + "\"prompt\", \"chosen\" (the better answer) and \"rejected\" (the worse one)");
            }
        }
        List<Map<String, Object>> tools = FunctionCalling.tools(record);
        FunctionCalling calls = new FunctionCalling();
        JsonNode prompt = record.get("prompt");
        List<ChatMessage> promptTurns = prompt.isTextual()
                ? List.of(new ChatMessage("user", JsonFields.text(prompt, "prompt", true)))
                : MessagesMapper.turns(JsonFields.requiredArray(record, "prompt"), "prompt", calls);
        promptTurns = SystemPrompt.prepend(prompt.isTextual() ? JsonFields.optionalText(record, "system") : null,
                defaultSystemPrompt, promptTurns);
        List<ChatMessage> chosen = answer(record, "chosen", calls);
        List<ChatMessage> rejected = answer(record, "rejected", new FunctionCalling());
        return Example.preference(source, promptTurns, chosen, rejected, tools);
    }

    private static List<ChatMessage> answer(JsonNode record, String field, FunctionCalling calls)
            throws InvalidRecordException {
        JsonNode v = record.get(field);
        if (v.isTextual()) {
            return List.of(new ChatMessage("assistant", JsonFields.text(v, field, true)));
        }
        if (!v.isArray()) {
            throw new InvalidRecordException("\"" + field + "\" must be a string or a list of assistant messages, "
                    + "found " + JsonFields.kind(v));
        }
        List<ChatMessage> turns = MessagesMapper.turns(v, field, calls);
        if (turns.isEmpty() || !turns.get(turns.size() - 1).isAssistant()) {
            throw new InvalidRecordException("\"" + field + "\" must end with an assistant message");
        }
        return turns;
    }
}
