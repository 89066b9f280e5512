package dev.jtune.trainer.data.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.data.example.SourceLocation;
import dev.jtune.trainer.text.ChatMessage;
import dev.jtune.trainer.text.ToolCall;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenAI chat records. Per-message {@code loss_weight} (Volcano Ark, LLaMA-Factory) or OpenAI's {@code weight}
 * sets how much an assistant turn counts in the loss. Content may also be OpenAI's list of parts when every
 * part is text; the parts are concatenated. Function-calling records (a {@code tools} list, assistant
 * {@code tool_calls}, {@code tool} messages) are read by {@link FunctionCalling}.
 */
final class MessagesMapper implements RecordMapper {

    private final String defaultSystemPrompt;

    MessagesMapper(String defaultSystemPrompt) {
        this.defaultSystemPrompt = defaultSystemPrompt;
    }

    @Override
    public Example map(JsonNode record, SourceLocation source) throws InvalidRecordException {
        List<Map<String, Object>> tools = FunctionCalling.tools(record);
        JsonNode messages = JsonFields.requiredArray(record, "messages");
        if (ScoredCandidates.isScored(messages)) {
            ScoredCandidates pair = ScoredCandidates.of(messages.get(messages.size() - 1), messages.size());
            FunctionCalling calls = new FunctionCalling();
            List<ChatMessage> prompt = new ArrayList<>(messages.size() - 1);
            for (int i = 0; i < messages.size() - 1; i++) {
                prompt.add(message(messages.get(i), i + 1, calls));
            }
            return Example.preference(source, SystemPrompt.prepend(null, defaultSystemPrompt, prompt),
                    List.of(pair.chosen()), List.of(pair.rejected()), tools);
        }
        List<ChatMessage> turns = turns(messages, null, new FunctionCalling());
        return Example.conversation(source, SystemPrompt.prepend(null, defaultSystemPrompt, turns), tools);
    }

    /** The messages of a JSON list; {@code field} (or null for "messages") names the list in errors. */
    static List<ChatMessage> turns(JsonNode messages, String field, FunctionCalling calls)
            throws InvalidRecordException {
        List<ChatMessage> turns = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            turns.add(message(messages.get(i), i + 1, calls, field));
        }
        return turns;
    }

    private static ChatMessage message(JsonNode m, int n, FunctionCalling calls) throws InvalidRecordException {
        return message(m, n, calls, null);
    }

    private static ChatMessage message(JsonNode m, int n, FunctionCalling calls, String field)
            throws InvalidRecordException {
        String where = field == null ? "message " + n : "\"" + field + "\" message " + n;
        if (!m.isObject()) {
            throw new InvalidRecordException(where + " must be an object with \"role\" and \"content\", found "
                    + JsonFields.kind(m));
        }
        JsonNode role = m.get("role");
        if (role == null || role.isNull()) {
            throw new InvalidRecordException(where + ": missing field \"role\"");
        }
        if (!role.isTextual()) {
            throw new InvalidRecordException(where + ": \"role\" must be a string, found " + JsonFields.kind(role));
        }
        if ("function".equals(role.textValue())) {
            throw new InvalidRecordException(where + ": the legacy \"function\" role is not supported; write the"
                    + " result as a \"tool\" message with the \"tool_call_id\" of the call it answers");
        }
        List<ToolCall> toolCalls = calls.calls(m, where);
        String answers = "tool".equals(role.textValue()) ? calls.answer(m, where) : null;
        // A call's content is usually null (OpenAI) or ""; templates treat both as no text.
        JsonNode c = m.get("content");
        String content = !toolCalls.isEmpty() && (c == null || c.isNull()) ? "" : content(c, where);
        // Thinking models' data (Qwen3) carries an assistant turn's reasoning beside its answer.
        JsonNode reasoning = m.get("reasoning_content");
        if (reasoning != null && !reasoning.isNull() && !reasoning.isTextual()) {
            throw new InvalidRecordException(where + ": \"reasoning_content\" must be a string, found "
                    + JsonFields.kind(reasoning));
        }
        return new ChatMessage(role.textValue(), content, weight(m, where), toolCalls, answers,
                reasoning == null || reasoning.isNull() ? null : reasoning.textValue());
    }

    private static String content(JsonNode c, String where) throws InvalidRecordException {
        if (c == null || c.isNull()) {
            throw new InvalidRecordException(where + ": missing field \"content\"");
        }
        if (c.isTextual()) {
            return c.textValue();
        }
        if (c.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : c) {
                JsonNode text = part.get("text");
                if (!"text".equals(part.path("type").asText()) || text == null || !text.isTextual()) {
                    throw new InvalidRecordException(where + ": only text content parts are supported"
                            + " ({\"type\":\"text\",\"text\":...}), found " + part);
                }
                sb.append(text.textValue());
            }
            return sb.toString();
        }
        throw new InvalidRecordException(where + ": \"content\" must be a string, found " + JsonFields.kind(c));
    }

    private static Double weight(JsonNode m, String where) throws InvalidRecordException {
        String field = m.has("loss_weight") ? "loss_weight" : m.has("weight") ? "weight" : null;
        if (field == null || m.get(field).isNull()) {
            return null;
        }
        JsonNode w = m.get(field);
        if (!w.isNumber()) {
            throw new InvalidRecordException(where + ": \"" + field + "\" must be a number >= 0, found "
                    + JsonFields.kind(w));
        }
        return w.doubleValue();
    }
}
