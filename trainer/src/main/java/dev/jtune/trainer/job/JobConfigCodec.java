package dev.jtune.trainer.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.jtune.trainer.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** JSON/YAML for {@link JobConfig}: kebab-case keys out, kebab or snake case in, defaults under the user's values. */
final class JobConfigCodec {

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE);

    private JobConfigCodec() {
    }

    static Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        JSON.valueToTree(JobConfig.defaults()).fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    static JobConfig parse(String text) {
        JsonNode node;
        try {
            node = YAML.readTree(text == null ? "" : text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new IllegalArgumentException("the job parameters cannot be read" + where + ": "
                    + e.getOriginalMessage() + " (write one 'key: value' per line, e.g. 'lr: 2e-4')");
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            node = JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("the job parameters must be 'key: value' lines, got: " + text.strip());
        }
        return build(JSON.valueToTree(JobConfig.defaults()), (ObjectNode) node, true);
    }

    static JobConfig fromFlags(Map<String, String> flags) {
        return build(JSON.valueToTree(JobConfig.defaults()), flagsNode(flags), true);
    }

    static JobConfig withOverrides(JobConfig base, Map<String, String> overrides) {
        return build(JSON.valueToTree(base), flagsNode(overrides), false);
    }

    static JobConfig read(Path file) throws IOException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    static void write(JobConfig config, Path file) throws IOException {
        AtomicFiles.writeString(file, toJson(config) + "\n");
    }

    static String toJson(JobConfig config) {
        try {
            return JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String toYaml(JobConfig config) {
        try {
            return YAML.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> asMap(JobConfig config) {
        Map<String, Object> map = new LinkedHashMap<>();
        JSON.valueToTree(config).fields().forEachRemaining(e -> map.put(e.getKey(),
                JSON.convertValue(e.getValue(), Object.class)));
        return map;
    }

    /** The values that differ from {@code reference}, as flag strings (lists comma-joined). */
    static Map<String, String> differences(JobConfig config, JobConfig reference) {
        ObjectNode a = JSON.valueToTree(config);
        ObjectNode b = JSON.valueToTree(reference);
        Map<String, String> diff = new LinkedHashMap<>();
        a.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (!v.equals(b.get(e.getKey()))) {
                if (v.isArray()) {
                    List<String> items = new ArrayList<>();
                    v.forEach(n -> items.add(n.asText()));
                    diff.put(e.getKey(), String.join(",", items));
                } else {
                    diff.put(e.getKey(), v.isNull() ? null : v.asText());
                }
            }
        });
        return diff;
    }

    private static ObjectNode flagsNode(Map<String, String> flags) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        flags.forEach((k, v) -> node.set(k, v == null ? null : new TextNode(v)));
        return node;
    }

    private static String normalize(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        while (k.startsWith("-")) {
            k = k.substring(1);
        }
        return k.replace('_', '-');
    }

    /**
     * @param lrFollowsMethod when the user names a method but no lr, the method's default lr applies (full
     *                        updates need a ~10x smaller rate than LoRA)
     */
    private static JobConfig build(ObjectNode base, ObjectNode user, boolean lrFollowsMethod) {
        Set<String> known = keys();
        ObjectNode merged = base.deepCopy();
        boolean lrGiven = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = user.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = normalize(e.getKey());
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown parameter '" + e.getKey() + "'" + suggestion(key, known)
                        + ": the parameters are " + String.join(", ", known));
            }
            merged.set(key, coerce(key, e.getValue()));
            lrGiven |= key.equals("lr");
        }
        if (lrFollowsMethod && !lrGiven && JobConfig.FULL.equals(merged.path("method").asText())) {
            merged.put("lr", JobConfig.DEFAULT_FULL_LR);
        }
        try {
            return JSON.treeToValue(merged, JobConfig.class).validate();
        } catch (InvalidFormatException e) {
            throw new IllegalArgumentException("--" + field(e) + " " + e.getValue() + " is not "
                    + typeName(e.getTargetType()));
        } catch (MismatchedInputException e) {
            throw new IllegalArgumentException("--" + field(e) + " has the wrong kind of value: use "
                    + typeName(e.getTargetType()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the job parameters cannot be read: " + e.getOriginalMessage());
        }
    }

    /** Flags arrive as text: "q_proj,v_proj" is a list, a bare boolean flag ("") means true. */
    private static JsonNode coerce(String key, JsonNode value) {
        if (value == null || value.isNull()) {
            return value;
        }
        if (key.equals("lora-targets") && value.isTextual()) {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            for (String s : value.asText().split(",")) {
                if (!s.isBlank()) {
                    list.add(s.trim());
                }
            }
            return list;
        }
        if ((key.equals("packing") || key.equals("rslora")) && value.isTextual()) {
            String s = value.asText().trim().toLowerCase(Locale.ROOT);
            if (s.isEmpty() || s.equals("true") || s.equals("yes")) {
                return JsonNodeFactory.instance.booleanNode(true);
            }
            if (s.equals("false") || s.equals("no")) {
                return JsonNodeFactory.instance.booleanNode(false);
            }
            throw new IllegalArgumentException("--" + key + " " + value.asText() + ": use true or false");
        }
        if ((key.equals("method") || key.equals("precision") || key.equals("early-stop-metric")
                || key.equals("grad-checkpointing"))
                && value.isTextual()) {
            String s = value.asText().trim().toLowerCase(Locale.ROOT);
            return new TextNode(key.equals("early-stop-metric") ? s.replace('-', '_') : s);
        }
        return value;
    }

    private static String field(MismatchedInputException e) {
        return e.getPath().isEmpty() ? "?" : e.getPath().get(e.getPath().size() - 1).getFieldName();
    }

    private static String typeName(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        return "text";
    }

    private static String suggestion(String key, Set<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = distance(key, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
