package dev.jtune.trainer.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The reference fixture folders (system property {@code jtune.fixtures}) and their reference.json. */
final class TextFixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private TextFixtures() {
    }

    static Path root() {
        String configured = System.getProperty("jtune.fixtures");
        Path root = configured != null ? Paths.get(configured) : Paths.get("../../shared/fixtures");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("fixtures folder " + root.toAbsolutePath() + " not found; set -Djtune.fixtures");
        }
        return root;
    }

    /** Every fixture folder (one with a reference.json). */
    static Stream<Path> folders() throws IOException {
        try (Stream<Path> list = Files.list(root())) {
            List<Path> folders = list.filter(p -> Files.isRegularFile(p.resolve("reference.json"))).sorted().toList();
            if (folders.isEmpty()) {
                throw new IllegalStateException("no fixture folders under " + root());
            }
            return folders.stream();
        }
    }

    static JsonNode reference(Path folder) throws IOException {
        return JSON.readTree(folder.resolve("reference.json").toFile());
    }

    static List<ChatMessage> messages(JsonNode array) {
        List<ChatMessage> messages = new ArrayList<>();
        for (JsonNode m : array) {
            JsonNode weight = m.get("loss_weight");
            messages.add(new ChatMessage(m.get("role").asText(), m.get("content").asText(),
                    weight == null || weight.isNull() ? null : weight.asDouble()));
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
