package dev.jtune.trainer.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtune.trainer.data.DatasetLoader;
import dev.jtune.trainer.data.DatasetOptions;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.testing.TestData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Function-calling conversations, read by JTune's loader and rendered by Jinjava with the published Qwen2.5 and
 * Llama 3.1 Instruct templates, must equal what transformers' apply_chat_template rendered (reference.json, made by
 * make_reference.py in the same folder).
 */
class ToolTemplateReferenceTest {

    private static final Path DIR = Path.of("src/test/resources/tool-templates");

    record Case(String name, JsonNode json) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() throws IOException {
        JsonNode all = new ObjectMapper().readTree(DIR.resolve("reference.json").toFile()).get("cases");
        List<Case> cases = new ArrayList<>();
        for (JsonNode c : all) {
            cases.add(new Case(c.get("template").asText() + " record " + c.get("record").asInt() + " first "
                    + c.get("messages").asInt() + " messages, generation prompt "
                    + c.get("add_generation_prompt").asBoolean(), c));
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void rendersLikeTransformers(Case c) throws IOException {
        JsonNode json = c.json();
        List<Example> examples = new DatasetLoader()
                .load(DIR.resolve("conversations.jsonl"), DatasetOptions.DEFAULT).examples();
        Example example = examples.get(json.get("record").asInt());
        ChatTemplate template = ChatTemplate.of(Files.readString(DIR.resolve(json.get("template").asText())),
                SpecialTokens.read(TestData.fixture("tiny-qwen2")));
        Map<String, Object> variables = new HashMap<>();
        variables.put("tools", example.tools().isEmpty() ? null : example.tools());
        List<ChatMessage> messages = example.messages().subList(0, json.get("messages").asInt());
        boolean generation = json.get("add_generation_prompt").asBoolean();
        if (json.has("error")) {
            ChatTemplateException e = assertThrows(ChatTemplateException.class,
                    () -> template.render(messages, generation, variables));
            assertTrue(e.getMessage().endsWith(json.get("error").asText()), e.getMessage());
        } else {
            assertEquals(json.get("expected").asText(), template.render(messages, generation, variables));
        }
    }
}
