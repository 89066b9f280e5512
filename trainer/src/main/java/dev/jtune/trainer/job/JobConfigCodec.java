package dev.jtune.trainer.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Map;
import java.util.Set;

/**
 * JSON/YAML for {@link JobConfig}: kebab-case keys out, kebab or snake case in, declared defaults under the user's
 * values. Every value goes through its {@link JobParameter}, so a YAML body, a config.json, flags and
 * {@code --set} are read by one parser.
 */
final class JobConfigCodec {

    /** The key of config.json that lists what the user set; not a parameter. */
    static final String SET_BY_USER = "set-by-user";

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE);

    private JobConfigCodec() {
    }

    static JobConfig defaults() {
        try {
            return JSON.treeToValue(defaultsNode(), JobConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the declared defaults do not fit JobConfig", e);
        }
    }

    private static ObjectNode defaultsNode() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (JobParameter p : JobParameters.all()) {
            node.set(p.name(), JSON.valueToTree(p.defaultValue()));
        }
        node.set(SET_BY_USER, JsonNodeFactory.instance.arrayNode());
        return node;
    }

    /**
     * A {@code %%finetune} body (every key is set by the user) or a config.json (its {@code set-by-user} list says
     * which; a config.json from before that list existed counts every key as set, which keeps its values on copy).
     */
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
        ObjectNode user = ((ObjectNode) node).deepCopy();
        JsonNode recorded = user.has(SET_BY_USER) ? user.remove(SET_BY_USER) : user.remove("set_by_user");
        Map<String, String> values = new LinkedHashMap<>();
        user.fields().forEachRemaining(e -> values.put(e.getKey(), textOf(e.getValue())));
        Set<String> marked = null;
        if (recorded != null && recorded.isArray()) {
            marked = new LinkedHashSet<>();
            for (JsonNode n : recorded) {
                JobParameters.find(n.asText()).map(JobParameter::name).ifPresent(marked::add);
            }
        }
        return build(defaultsNode(), Set.of(), values, marked);
    }

    static JobConfig fromFlags(Map<String, String> flags) {
        return build(defaultsNode(), Set.of(), flags, null);
    }

    static JobConfig withOverrides(JobConfig base, Map<String, String> overrides) {
        return build(JSON.valueToTree(base), new LinkedHashSet<>(base.setByUser()), overrides, null);
    }

    static JobConfig withInherited(JobConfig base, Map<String, String> values) {
        Map<String, String> inherited = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (!base.isSetByUser(k)) {
                inherited.put(k, v);
            }
        });
        Set<String> marked = new LinkedHashSet<>(base.setByUser());
        return build(JSON.valueToTree(base), marked, inherited, marked);
    }

    /** One value replaced without parsing from text, marked as set by the user or not. */
    static JobConfig withValue(JobConfig config, String name, Object value, boolean setByUser) {
        ObjectNode node = JSON.valueToTree(config);
        node.set(name, JSON.valueToTree(value));
        Set<String> marked = new LinkedHashSet<>(config.setByUser());
        if (setByUser) {
            marked.add(name);
        } else {
            marked.remove(name);
        }
        node.set(SET_BY_USER, JSON.valueToTree(List.copyOf(marked)));
        return toConfig(node);
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

    /** Every parameter by name, in config.json's order (without the set-by-user list). */
    static Map<String, Object> asMap(JobConfig config) {
        Map<String, Object> map = new LinkedHashMap<>();
        JSON.valueToTree(config).fields().forEachRemaining(e -> {
            if (!e.getKey().equals(SET_BY_USER)) {
                map.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class));
            }
        });
        return map;
    }

    /** The user-set parameters as flag strings, in declaration order. */
    static Map<String, String> userSet(JobConfig config) {
        Map<String, Object> all = asMap(config);
        Map<String, String> out = new LinkedHashMap<>();
        for (JobParameter p : JobParameters.all()) {
            if (config.setByUser().contains(p.name())) {
                out.put(p.name(), JobParameter.text(all.get(p.name())));
            }
        }
        return out;
    }

    /**
     * @param marked the set-by-user list when it is recorded (a config.json); null marks every key of
     *               {@code values} as set (flags, a YAML body, overrides)
     */
    private static JobConfig build(ObjectNode base, Set<String> alreadySet, Map<String, String> values,
                                   Set<String> marked) {
        ObjectNode merged = base.deepCopy();
        Set<String> setByUser = new LinkedHashSet<>(alreadySet);
        for (Map.Entry<String, String> e : values.entrySet()) {
            JobParameter p = JobParameters.find(e.getKey()).orElseThrow(() -> unknown(e.getKey()));
            Object value = e.getValue() == null ? p.defaultValue() : p.parse(e.getValue());
            merged.set(p.name(), JSON.valueToTree(value));
            if (e.getValue() == null) {
                setByUser.remove(p.name());
            } else {
                setByUser.add(p.name());
            }
        }
        if (marked != null) {
            setByUser = marked;
        }
        // the learning rate follows the method unless the user chose one: a full update needs a ~10x smaller rate
        if (!setByUser.contains("lr")) {
            boolean full = JobConfig.FULL.equals(merged.path("method").asText());
            merged.put("lr", full ? JobParameters.FULL_LR : JobParameters.LORA_LR);
        }
        merged.set(SET_BY_USER, JSON.valueToTree(List.copyOf(setByUser)));
        return toConfig(merged).validate();
    }

    private static JobConfig toConfig(ObjectNode node) {
        try {
            return JSON.treeToValue(node, JobConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a checked job parameter does not fit JobConfig: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** A YAML/JSON value as the text a flag would carry: lists comma-joined, null stays null. */
    private static String textOf(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(n -> items.add(n.asText()));
            return String.join(",", items);
        }
        if (v.isObject()) {
            return v.toString();
        }
        return v.asText();
    }

    private static IllegalArgumentException unknown(String key) {
        List<String> names = JobParameters.names();
        String normalized = JobParameters.normalize(key);
        String best = null;
        int bestDistance = 3;
        for (Iterator<String> it = names.iterator(); it.hasNext(); ) {
            String k = it.next();
            int d = distance(normalized, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return new IllegalArgumentException("unknown parameter '" + key + "'"
                + (best == null ? "" : " (did you mean '" + best + "'?)") + ": the parameters are "
                + String.join(", ", names));
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
