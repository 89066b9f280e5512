package dev.jtune.trainer.text;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Token strings and ids as {@code tokenizer.json} declares them (model vocabulary plus added tokens). DJL's
 * tokenizer wrapper has no token-to-id lookup, so the file itself is the source.
 */
final class Vocabulary {

    private final Map<String, Integer> ids;
    private final Map<Integer, String> tokens;
    private final Set<Integer> specialIds;
    private final int size;

    private Vocabulary(Map<String, Integer> ids, Map<Integer, String> tokens, Set<Integer> specialIds) {
        this.ids = ids;
        this.tokens = tokens;
        this.specialIds = specialIds;
        int max = -1;
        for (int id : tokens.keySet()) {
            max = Math.max(max, id);
        }
        this.size = max + 1;
    }

    static Vocabulary fromTokenizerJson(JsonNode root) {
        Map<String, Integer> ids = new HashMap<>();
        Map<Integer, String> tokens = new HashMap<>();
        Set<Integer> special = new HashSet<>();
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) {
            // BPE, WordPiece, WordLevel: {"token": id}
            for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                ids.put(e.getKey(), e.getValue().asInt());
                tokens.put(e.getValue().asInt(), e.getKey());
            }
        } else if (vocab.isArray()) {
            // Unigram: [["piece", score], ...], the id is the position
            for (int i = 0; i < vocab.size(); i++) {
                String piece = vocab.get(i).get(0).asText();
                ids.putIfAbsent(piece, i);
                tokens.put(i, piece);
            }
        }
        for (JsonNode added : root.path("added_tokens")) {
            String content = added.path("content").asText();
            int id = added.path("id").asInt();
            ids.put(content, id);
            tokens.put(id, content);
            if (added.path("special").asBoolean(false)) {
                special.add(id);
            }
        }
        return new Vocabulary(Collections.unmodifiableMap(ids), Collections.unmodifiableMap(tokens),
                Collections.unmodifiableSet(special));
    }

    Integer id(String token) {
        return ids.get(token);
    }

    String token(int id) {
        return tokens.get(id);
    }

    boolean isSpecial(int id) {
        return specialIds.contains(id);
    }

    Set<Integer> specialIds() {
        return specialIds;
    }

    int size() {
        return size;
    }
}
