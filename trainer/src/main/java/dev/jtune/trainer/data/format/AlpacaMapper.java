package dev.jtune.trainer.data.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.data.example.SourceLocation;
import dev.jtune.trainer.text.ChatMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * Alpaca records. The user turn is {@code instruction}, followed by {@code input} on a new line when present
 * (LLaMA-Factory's convention); {@code history} pairs, when present, become earlier turns.
 */
final class AlpacaMapper implements RecordMapper {

    private final String defaultSystemPrompt;

    AlpacaMapper(String defaultSystemPrompt) {
        this.defaultSystemPrompt = defaultSystemPrompt;
    }

    @Override
    public Example map(JsonNode record, SourceLocation source) throws InvalidRecordException {
        String instruction = JsonFields.requiredText(record, "instruction");
        String input = JsonFields.optionalText(record, "input");
        String output = JsonFields.requiredText(record, "output");
        List<ChatMessage> turns = new ArrayList<>();
        JsonNode history = record.get("history");
        if (history != null && !history.isNull()) {
            if (!history.isArray()) {
                throw new InvalidRecordException("\"history\" must be an array of [question, answer] pairs");
            }
            for (JsonNode pair : history) {
                if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual() || !pair.get(1).isTextual()) {
                    throw new InvalidRecordException("\"history\" must be an array of [question, answer] pairs,"
                            + " found " + pair);
                }
                turns.add(new ChatMessage("user", pair.get(0).textValue()));
                turns.add(new ChatMessage("assistant", pair.get(1).textValue()));
            }
        }
        turns.add(new ChatMessage("user", input == null ? instruction : instruction + "\n" + input));
        turns.add(new ChatMessage("assistant", output));
        return Example.conversation(source,
                SystemPrompt.prepend(JsonFields.optionalText(record, "system"), defaultSystemPrompt, turns));
    }
}
