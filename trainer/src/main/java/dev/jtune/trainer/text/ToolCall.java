package dev.jtune.trainer.text;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One function call an assistant turn makes (OpenAI {@code tool_calls} entry). The arguments are a parsed object,
 * never a JSON string, because chat templates (Qwen2.5, Llama 3.1) serialise them themselves with {@code tojson}.
 *
 * @param id        the call's id that a {@code tool} message's {@code tool_call_id} answers; may be null
 * @param arguments argument names to JSON-like values (maps, lists, strings, numbers, booleans, null), in order
 */
public record ToolCall(String id, String name, Map<String, Object> arguments) {

    public ToolCall {
        arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }
}
