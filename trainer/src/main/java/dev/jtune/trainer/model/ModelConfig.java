package dev.jtune.trainer.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The architecture hyperparameters of a HuggingFace {@code config.json}, for the decoder-only families this engine
 * runs (Llama, Qwen2, Mistral, Qwen3, Gemma 3 text, Phi-3, SmolLM3); what a family changes is its
 * {@link Architecture}. Both config styles are read: {@code rope_theta} + {@code rope_scaling} at top level
 * (transformers 4) and the {@code rope_parameters} object (transformers 5).
 *
 * @param qkvBias   q/k/v projections carry a bias (Qwen2 always; Llama with {@code attention_bias})
 * @param oBias     o_proj carries a bias (Llama with {@code attention_bias})
 * @param raw       the parsed file, kept so a merged model can be written back with every original field
 */
public record ModelConfig(String modelType, int vocabSize, int hiddenSize, int intermediateSize, int numLayers,
                          int numHeads, int numKvHeads, int headDim, double rmsNormEps, double ropeTheta,
                          RopeScaling ropeScaling, int maxPositionEmbeddings, boolean tieWordEmbeddings,
                          boolean qkvBias, boolean oBias, boolean mlpBias, Integer bosTokenId,
                          List<Integer> eosTokenIds, Integer padTokenId, ObjectNode raw, Architecture architecture) {

    public static final List<String> SUPPORTED_TYPES = List.of("llama", "qwen2", "mistral", "qwen3", "gemma3_text",
            "phi3", "smollm3");
    /** Families whose configs tie the LM head to the embeddings unless they say otherwise. */
    private static final List<String> TIED_BY_DEFAULT = List.of("gemma3_text", "smollm3");
    private static final ObjectMapper JSON = new ObjectMapper();

    public static ModelConfig load(Path configJson) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(configJson));
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(configJson + " does not exist: a model folder needs the config.json "
                    + "that HuggingFace save_pretrained writes.");
        } catch (IOException e) {
            throw new ModelFormatException(configJson + " is not valid JSON (" + e.getMessage() + ").");
        }
        if (!(root instanceof ObjectNode object)) {
            throw new ModelFormatException(configJson + " must hold a JSON object.");
        }
        return parse(object, configJson.toString());
    }

    /** Parses a config object; {@code source} names it in error messages. */
    public static ModelConfig parse(ObjectNode root, String source) throws ModelFormatException {
        String type = root.path("model_type").asText("");
        if (!SUPPORTED_TYPES.contains(type)) {
            throw new ModelFormatException(source + ": model_type '" + type + "' is not supported; this engine runs "
                    + String.join(", ", SUPPORTED_TYPES) + " (architectures " + root.path("architectures")
                    + "). Pick a checkpoint of one of those families."
                    + (type.equals("gemma3") ? " Gemma 3 with vision (gemma3) is not; its text-only checkpoints "
                    + "(gemma-3-270m, gemma-3-1b: gemma3_text) are." : ""));
        }
        int hidden = required(root, "hidden_size", source);
        int heads = required(root, "num_attention_heads", source);
        int kvHeads = root.path("num_key_value_heads").isNumber() ? root.get("num_key_value_heads").asInt() : heads;
        int headDim = root.path("head_dim").isNumber() ? root.get("head_dim").asInt() : hidden / heads;
        if (heads % kvHeads != 0) {
            throw new ModelFormatException(source + ": num_attention_heads " + heads
                    + " is not a multiple of num_key_value_heads " + kvHeads + ".");
        }
        int layers = required(root, "num_hidden_layers", source);
        Architecture architecture = Architecture.parse(root, type, hidden, headDim, layers, source);
        JsonNode ropeParams = root.path("rope_parameters");
        JsonNode scalingNode = root.path("rope_scaling");
        double theta;
        JsonNode scalingSource;
        if (ropeParams.isObject() && ropeParams.path("full_attention").isObject()) {
            // Gemma 3 (transformers 5): one rope_parameters object per layer type; the global layers' is the model's.
            theta = ropeParams.get("full_attention").path("rope_theta").asDouble(10000.0);
            scalingSource = ropeParams.get("full_attention");
        } else if (ropeParams.isObject()) {
            theta = ropeParams.path("rope_theta").asDouble(root.path("rope_theta").asDouble(10000.0));
            scalingSource = ropeParams;
        } else {
            theta = root.path("rope_theta").asDouble(10000.0);
            scalingSource = scalingNode;
        }
        boolean qwen = type.equals("qwen2");
        boolean attentionBias = root.path("attention_bias").asBoolean(false);
        return new ModelConfig(type, required(root, "vocab_size", source), hidden,
                required(root, "intermediate_size", source), layers,
                heads, kvHeads, headDim, root.path("rms_norm_eps").asDouble(1e-6), theta,
                RopeScalings.parse(scalingSource, source), root.path("max_position_embeddings").asInt(2048),
                root.path("tie_word_embeddings").asBoolean(TIED_BY_DEFAULT.contains(type)), qwen || attentionBias, !qwen && attentionBias,
                root.path("mlp_bias").asBoolean(false), optionalInt(root.path("bos_token_id")),
                intList(root.path("eos_token_id")), optionalInt(root.path("pad_token_id")), root.deepCopy(),
                architecture);
    }

    private static int required(JsonNode root, String key, String source) throws ModelFormatException {
        JsonNode v = root.path(key);
        if (!v.isNumber()) {
            throw new ModelFormatException(source + " lacks the number '" + key + "' that a " 
                    + root.path("model_type").asText() + " config must have.");
        }
        return v.asInt();
    }

    private static Integer optionalInt(JsonNode node) {
        return node.isNumber() ? node.asInt() : null;
    }

    private static List<Integer> intList(JsonNode node) {
        List<Integer> out = new ArrayList<>();
        if (node.isNumber()) {
            out.add(node.asInt());
        } else if (node.isArray()) {
            node.forEach(n -> out.add(n.asInt()));
        }
        return List.copyOf(out);
    }

    public int kvGroups() {
        return numHeads / numKvHeads;
    }

    /** The config as HuggingFace writes it, for a merged model folder. */
    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(raw);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
