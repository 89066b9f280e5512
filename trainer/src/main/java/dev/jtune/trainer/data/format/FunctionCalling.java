package dev.jtune.trainer.data.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jtune.trainer.text.ToolCall;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the function-calling parts of an OpenAI / Volcano Ark chat record: the record's {@code tools}, an
 * assistant's {@code tool_calls}, and checks that each {@code tool} message answers a call made before it. One
 * instance per record, since which calls are open depends on the messages read so far.
 */
final class FunctionCalling {

    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final Set<String> callIds = new HashSet<>();
    private int calls;
    private int answers;

    /** The record's {@code tools} as the maps the chat template receives; empty when the record has none. */
    static List<Map<String, Object>> tools(JsonNode record) throws InvalidRecordException {
        if (record.has("functions") || record.has("function_call")) {
            throw new InvalidRecordException("the legacy OpenAI \"functions\" format is not supported; write the"
                    + " functions as \"tools\": [{\"type\": \"function\", \"function\": {...}}]");
        }
        JsonNode tools = record.get("tools");
        if (tools == null || tools.isNull()) {
            return List.of();
        }
        if (!tools.isArray()) {
            throw new InvalidRecordException("\"tools\" must be an array of {\"type\": \"function\", \"function\":"
                    + " {\"name\": ..., \"parameters\": ...}}, found " + JsonFields.kind(tools));
        }
        List<Map<String, Object>> out = new ArrayList<>(tools.size());
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            JsonNode name = tool.path("function").path("name");
            if (!tool.isObject() || !name.isTextual() || name.textValue().isBlank()) {
                throw new InvalidRecordException("tool " + (i + 1) + " of \"tools\" must be an object"
                        + " {\"type\": \"function\", \"function\": {\"name\": ..., \"parameters\": ...}} with a"
                        + " function name, found " + tool);
            }
            out.add(Json.MAPPER.convertValue(tool, OBJECT));
        }
        return out;
    }

    /** An assistant message's {@code tool_calls}, remembered so that later {@code tool} messages can answer them. */
    List<ToolCall> calls(JsonNode message, String where) throws InvalidRecordException {
        if (message.has("function_call")) {
            throw new InvalidRecordException(where + ": the legacy \"function_call\" is not supported; write it as"
                    + " \"tool_calls\": [{\"type\": \"function\", \"function\": {\"name\": ..., \"arguments\": ...}}]");
        }
        JsonNode calls = message.get("tool_calls");
        if (calls == null || calls.isNull()) {
            return List.of();
        }
        if (!"assistant".equals(message.path("role").asText())) {
            throw new InvalidRecordException(where + ": only assistant messages may have \"tool_calls\"; move the"
                    + " calls to an assistant message");
        }
        if (!calls.isArray() || calls.isEmpty()) {
            throw new InvalidRecordException(where + ": \"tool_calls\" must be a non-empty array of {\"type\":"
                    + " \"function\", \"function\": {\"name\": ..., \"arguments\": ...}}, found " + JsonFields.kind(calls));
        }
        List<ToolCall> out = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            out.add(call(calls.get(i), where + ", tool call " + (i + 1)));
        }
        return out;
    }

    private ToolCall call(JsonNode call, String where) throws InvalidRecordException {
        JsonNode function = call.path("function");
        JsonNode name = function.path("name");
        if (!name.isTextual() || name.textValue().isBlank()) {
            throw new InvalidRecordException(where + ": missing function name; write the call as {\"type\":"
                    + " \"function\", \"function\": {\"name\": ..., \"arguments\": {...}}}");
        }
        JsonNode id = call.get("id");
        if (id != null && !id.isNull() && !id.isTextual()) {
            throw new InvalidRecordException(where + ": \"id\" must be a string, found " + JsonFields.kind(id));
        }
        String callId = id == null || id.isNull() ? null : id.textValue();
        if (callId != null) {
            callIds.add(callId);
        }
        calls++;
        return new ToolCall(callId, name.textValue(), arguments(function.get("arguments"), where));
    }

    /** OpenAI sends arguments as a JSON string; templates need the object, so a string must hold one. */
    private static Map<String, Object> arguments(JsonNode arguments, String where) throws InvalidRecordException {
        JsonNode object = arguments;
        if (arguments == null || arguments.isNull()) {
            throw new InvalidRecordException(where + ": missing \"arguments\"; give a JSON object (or {} for a"
                    + " call without arguments)");
        }
        if (arguments.isTextual()) {
            try {
                object = Json.MAPPER.readTree(arguments.textValue());
            } catch (JsonProcessingException e) {
                throw new InvalidRecordException(where + ": \"arguments\" is not valid JSON (" + Json.reason(e)
                        + "); give a JSON object or a string holding one, e.g. \"{\\\"city\\\": \\\"Paris\\\"}\"");
            }
        }
        if (object == null || !object.isObject()) {
            throw new InvalidRecordException(where + ": \"arguments\" must be a JSON object or a string holding one,"
                    + " found " + (object == null ? "an empty string" : JsonFields.kind(object)));
        }
        return Json.MAPPER.convertValue(object, OBJECT);
    }

    /** The call id a {@code tool} message answers (null when the data gives none), after checking it has a call. */
    String answer(JsonNode message, String where) throws InvalidRecordException {
        JsonNode id = message.get("tool_call_id");
        answers++;
        if (id != null && !id.isNull()) {
            if (!id.isTextual() || !callIds.contains(id.textValue())) {
                throw new InvalidRecordException(where + ": this tool message answers \"tool_call_id\" " + id
                        + ", but no earlier assistant message made a call with that id; give the matching"
                        + " call's \"id\"");
            }
            return id.textValue();
        }
        if (answers > calls) {
            throw new InvalidRecordException(where + ": this tool message answers no call: the assistant messages"
                    + " before it make " + calls + " tool call(s) and each has its answer; a tool message must"
                    + " follow the assistant message whose \"tool_calls\" it answers");
        }
        return null;
    }
}
