package dev.jtune.magics.view;

import dev.jtune.magics.render.Turn;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.text.ChatMessage;
import dev.jtune.trainer.text.ToolCall;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code %dataset show} writes tools and calls as a reader would, not as nested OpenAI JSON. */
class ToolCallViewTest {

    @Test
    void showsTheToolsTheCallsWithTheirArgumentsAndWhichCallAResultAnswers() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("city", "Paris");
        args.put("days", 2);
        Map<String, Object> tool = Map.of("type", "function", "function", Map.of("name", "get_weather",
                "parameters", Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string")))));
        Example example = Example.conversation(null, List.of(
                new ChatMessage("user", "Weather in Paris?"),
                new ChatMessage("assistant", "", null, List.of(new ToolCall("c1", "get_weather", args)), null),
                new ChatMessage("tool", "18 °C", null, List.of(), "c1"),
                new ChatMessage("assistant", "18 °C.")), List.of(tool));
        List<Turn> turns = DatasetViews.conversations(List.of(example), 5).get(0);
        assertEquals(List.of(
                new Turn("tools", "get_weather(city)"),
                new Turn("user", "Weather in Paris?"),
                new Turn("assistant", "→ get_weather(city=\"Paris\", days=2) [c1]"),
                new Turn("tool (answers c1)", "18 °C"),
                new Turn("assistant", "18 °C.")), turns);
    }
}
