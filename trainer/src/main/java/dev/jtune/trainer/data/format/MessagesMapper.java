package dev.jtune.trainer.data.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtune.trainer.data.Example;
import dev.jtune.trainer.data.SourceLocation;
import dev.jtune.trainer.text.ChatMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI chat records. Per-message {@code loss_weight} (Volcano Ark, LLaMA-Factory) or OpenAI's {@code weight}
 * sets how much an assistant turn counts in the loss. Content may also be OpenAI's list of parts when every
 * part is text; the parts are concatenated.
 */
final class MessagesMapper implements RecordMapper {

    private final String defaultSystemPrompt;

    MessagesMapper(String defaultSystemPrompt) {
        this.defaultSystemPrompt = defaultSystemPrompt;
    }

    @Override
    public Example map(JsonNode record, SourceLocation source) throws InvalidRecordException {
        refuseFunctionCalling(record);
        JsonNode messages = JsonFields.requiredArray(record, "messages");
        List<ChatMessage> turns = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            turns.add(message(messages.get(i), i + 1));
        }
        return Example.conversation(source, SystemPrompt.prepend(null, defaultSystemPrompt, turns));
    }

    /**
     * Function-calling records (OpenAI / Volcano Ark: {@code tools}, assistant {@code tool_calls}, {@code tool}
     * messages) cannot be trained on yet: say so, rather than report the null content of a call as a missing field.
     */
    private static void refuseFunctionCalling(JsonNode record) throws InvalidRecordException {
        boolean tools = record.has("tools") || record.has("functions");
        JsonNode messages = record.path("messages");
        for (int i = 0; i < messages.size() && !tools; i++) {
            JsonNode m = messages.get(i);
            tools = m.has("tool_calls") || m.has("function_call") || "tool".equals(m.path("role").asText())
                    || "function".equals(m.path("role").asText());
        }
        if (tools) {
            throw new InvalidRecordException("function-calling data (tools, tool_calls, tool messages) is not"
                    + " supported yet: leave these records out (--skip-bad-lines), or write the calls and their"
                    + " results as plain assistant and user text");
        }
    }

    private static ChatMessage message(JsonNode m, int n) throws InvalidRecordException {
        String where = "message " + n;
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
        return new ChatMessage(role.textValue(), content(m.get("content"), where), weight(m, where));
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
