package dev.jtune.magics.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtune.trainer.text.ToolCall;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Function-calling parts of an example as a reader would write them, {@code get_weather(city="Paris")}, rather
 * than the nested OpenAI JSON, which buries the call in brackets.
 */
final class ToolCallText {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolCallText() {
    }

    /** One line per call, after the turn's own text if it has any. */
    static String turn(String content, List<ToolCall> calls) {
        StringBuilder sb = new StringBuilder(content == null ? "" : content);
        for (ToolCall call : calls) {
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append("→ ").append(call(call));
        }
        return sb.toString();
    }

    static String call(ToolCall call) {
        StringJoiner args = new StringJoiner(", ", call.name() + "(", ")");
        call.arguments().forEach((name, value) -> args.add(name + "=" + json(value)));
        return call.id() == null ? args.toString() : args + " [" + call.id() + "]";
    }

    /** The functions a conversation offers, with their parameter names. */
    static String tools(List<Map<String, Object>> tools) {
        StringJoiner out = new StringJoiner(", ");
        for (Map<String, Object> tool : tools) {
            Object function = tool.get("function");
            if (!(function instanceof Map<?, ?> f)) {
                continue;
            }
            Object parameters = f.get("parameters") instanceof Map<?, ?> p ? p.get("properties") : null;
            String names = parameters instanceof Map<?, ?> props ? String.join(", ", props.keySet().stream()
                    .map(String::valueOf).toList()) : "";
            out.add(f.get("name") + "(" + names + ")");
        }
        return out.toString();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
