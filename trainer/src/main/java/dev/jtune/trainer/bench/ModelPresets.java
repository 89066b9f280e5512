package dev.jtune.trainer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtune.trainer.model.ModelConfig;
import dev.jtune.trainer.model.ModelFormatException;
import dev.jtune.trainer.tiny.TinyModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Architectures the benchmark can instantiate with random weights: the real hyperparameters of hub checkpoints
 * (no weights are downloaded), or any {@code config.json}.
 */
public final class ModelPresets {

    public static final List<String> NAMES = List.of("tiny", "qwen2.5-0.5b", "llama3.2-1b");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelPresets() {
    }

    /** A preset name, a {@code config.json} path, or a model folder holding one. */
    public static ModelConfig resolve(String nameOrPath) throws IOException {
        String json = switch (nameOrPath.toLowerCase()) {
            case "tiny" -> TinyModel.configJson().toString();
            case "qwen2.5-0.5b" -> "{\"model_type\":\"qwen2\",\"vocab_size\":151936,\"hidden_size\":896,"
                    + "\"intermediate_size\":4864,\"num_hidden_layers\":24,\"num_attention_heads\":14,"
                    + "\"num_key_value_heads\":2,\"rms_norm_eps\":1e-6,\"rope_theta\":1000000.0,"
                    + "\"tie_word_embeddings\":true,\"max_position_embeddings\":32768}";
            case "llama3.2-1b" -> "{\"model_type\":\"llama\",\"vocab_size\":128256,\"hidden_size\":2048,"
                    + "\"intermediate_size\":8192,\"num_hidden_layers\":16,\"num_attention_heads\":32,"
                    + "\"num_key_value_heads\":8,\"head_dim\":64,\"rms_norm_eps\":1e-5,\"rope_theta\":500000.0,"
                    + "\"rope_scaling\":{\"factor\":32.0,\"high_freq_factor\":4.0,\"low_freq_factor\":1.0,"
                    + "\"original_max_position_embeddings\":8192,\"rope_type\":\"llama3\"},"
                    + "\"tie_word_embeddings\":true,\"max_position_embeddings\":131072}";
            default -> null;
        };
        if (json != null) {
            return ModelConfig.parse((ObjectNode) JSON.readTree(json), "preset " + nameOrPath);
        }
        Path path = Path.of(nameOrPath);
        if (Files.isDirectory(path)) {
            path = path.resolve("config.json");
        }
        if (!Files.isRegularFile(path)) {
            throw new ModelFormatException("'" + nameOrPath + "' is neither a preset (" + String.join(", ", NAMES)
                    + ") nor a config.json file or model folder.");
        }
        return ModelConfig.load(path);
    }
}
