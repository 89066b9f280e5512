package dev.jtune.trainer.data.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.data.example.SourceLocation;

/** Turns one JSON record of a given schema into an {@link Example}, or says why it cannot. */
interface RecordMapper {

    Example map(JsonNode record, SourceLocation source) throws InvalidRecordException;

    /** @param columns which fields hold the prompt and the response of prompt/response records; null for the usual names */
    static RecordMapper forFormat(DatasetFormat format, String defaultSystemPrompt, ColumnMapping columns) {
        return switch (format) {
            case MESSAGES -> new MessagesMapper(defaultSystemPrompt);
            case SHAREGPT -> new ShareGptMapper(defaultSystemPrompt);
            case ALPACA -> new AlpacaMapper(defaultSystemPrompt);
            case PROMPT_RESPONSE -> new PromptResponseMapper(defaultSystemPrompt, columns);
            case PREFERENCE -> new PreferenceMapper(defaultSystemPrompt);
            case TEXT -> (record, source) -> Example.text(source, JsonFields.requiredText(record, "text"));
            case CSV -> throw new IllegalArgumentException("CSV rows are not JSON records");
        };
    }
}
