package dev.jtune.trainer.preference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * Builds a preference set from the intents data (OpenAI messages whose last assistant turn is the intent label):
 * the prompt is the conversation before that turn, chosen the right label, rejected another label of the same data
 * drawn with a seed. Written as TRL's conversational preference records.
 */
public final class IntentPreferencePairs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private IntentPreferencePairs() {
    }

    /**
     * @param labelsFrom file whose labels the wrong answers are drawn from (the training data, so held-out pairs
     *                   use only labels the model knows)
     */
    public static Path build(Path intents, Path labelsFrom, Path target, long seed) throws IOException {
        List<String> labels = new ArrayList<>(labels(labelsFrom));
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder();
        for (String line : Files.readAllLines(intents, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode messages = JSON.readTree(line).path("messages");
            String right = messages.get(messages.size() - 1).path("content").asText();
            String wrong;
            do {
                wrong = labels.get(random.nextInt(labels.size()));
            } while (wrong.equals(right));
            ObjectNode pair = JSON.createObjectNode();
            ArrayNode prompt = pair.putArray("prompt");
            for (int i = 0; i < messages.size() - 1; i++) {
                prompt.addObject().put("role", messages.get(i).path("role").asText())
                        .put("content", messages.get(i).path("content").asText());
            }
            pair.putArray("chosen").addObject().put("role", "assistant").put("content", right);
            pair.putArray("rejected").addObject().put("role", "assistant").put("content", wrong);
            out.append(JSON.writeValueAsString(pair)).append('\n');
        }
        return Files.writeString(target, out.toString(), StandardCharsets.UTF_8);
    }

    private static TreeSet<String> labels(Path intents) throws IOException {
        TreeSet<String> labels = new TreeSet<>();
        for (String line : Files.readAllLines(intents, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                JsonNode messages = JSON.readTree(line).path("messages");
                labels.add(messages.get(messages.size() - 1).path("content").asText());
            }
        }
        return labels;
    }
}
