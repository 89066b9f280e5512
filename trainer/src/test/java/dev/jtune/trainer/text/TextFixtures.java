package dev.jtune.trainer.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reading a fixture's reference.json for the text tests (the folders come from {@code TestData}). */
final class TextFixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private TextFixtures() {
    }

    static JsonNode reference(Path folder) throws IOException {
        return JSON.readTree(folder.resolve("reference.json").toFile());
    }

    static List<ChatMessage> messages(JsonNode array) {
        List<ChatMessage> messages = new ArrayList<>();
        for (JsonNode m : array) {
            JsonNode weight = m.get("loss_weight");
            JsonNode reasoning = m.get("reasoning_content");
            messages.add(new ChatMessage(m.get("role").asText(), m.get("content").asText(),
                    weight == null || weight.isNull() ? null : weight.asDouble(), java.util.List.of(), null,
                    reasoning == null ? null : reasoning.asText()));
        }
        return messages;
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }
}
