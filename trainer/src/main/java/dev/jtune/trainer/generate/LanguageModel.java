package dev.jtune.trainer.generate;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtune.trainer.engine.Devices;
import dev.jtune.trainer.lora.AdapterFiles;
import dev.jtune.trainer.lora.LoraAdapter;
import dev.jtune.trainer.model.CausalLm;
import dev.jtune.trainer.model.ModelConfig;
import dev.jtune.trainer.model.ModelWeights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A model ready for inference (chat, evaluation): a HuggingFace base folder plus an optional PEFT adapter folder,
 * FP32 on the CPU and FP16 on a GPU. Works on token ids; the text layer does tokenization and templates.
 */
public final class LanguageModel implements AutoCloseable {

    private final CausalLm model;
    private final NDManager owned;
    private final Set<Integer> eosTokenIds;

    private LanguageModel(CausalLm model, NDManager owned, Set<Integer> eosTokenIds) {
        this.model = model;
        this.owned = owned;
        this.eosTokenIds = Set.copyOf(eosTokenIds);
    }

    /** Loads {@code baseDir} (and {@code adapterDir} when not null) on the best device. */
    public static LanguageModel load(Path baseDir, Path adapterDir) throws IOException {
        return load(baseDir, adapterDir, Devices.best());
    }

    public static LanguageModel load(Path baseDir, Path adapterDir, Device device) throws IOException {
        DataType dtype = device.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32;
        ModelConfig config = ModelConfig.load(baseDir.resolve("config.json"));
        NDManager root = NDManager.newBaseManager(device);
        try {
            CausalLm model = new CausalLm(ModelWeights.load(baseDir, config, root, dtype), dtype);
            if (adapterDir != null) {
                LoraAdapter adapter = AdapterFiles.load(adapterDir, config, root, dtype);
                model.setDelta(adapter);
            }
            return new LanguageModel(model, root, eosTokenIds(baseDir, config));
        } catch (IOException | RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /** Wraps a model owned elsewhere (e.g. the one a fine-tuner is training); closing this does not free it. */
    public static LanguageModel wrap(CausalLm model) {
        return new LanguageModel(model, null, new LinkedHashSet<>(model.config().eosTokenIds()));
    }

    /** EOS ids from generation_config.json when present (it often lists several), else config.json. */
    static Set<Integer> eosTokenIds(Path baseDir, ModelConfig config) throws IOException {
        Set<Integer> ids = new LinkedHashSet<>(config.eosTokenIds());
        Path gen = baseDir.resolve("generation_config.json");
        if (Files.isRegularFile(gen)) {
            JsonNode eos = new ObjectMapper().readTree(gen.toFile()).path("eos_token_id");
            if (eos.isNumber()) {
                ids.add(eos.asInt());
            } else if (eos.isArray()) {
                eos.forEach(n -> ids.add(n.asInt()));
            }
        }
        return ids;
    }

    /** Generates with {@code params}; when its EOS set is empty the model's EOS ids are used. */
    public GenerationResult generate(int[] promptIds, SamplingParams params, TokenListener listener) {
        SamplingParams p = params.eosTokenIds().isEmpty() ? params.withEos(eosTokenIds) : params;
        return new Generator(model).generate(promptIds, p, listener);
    }

    public Set<Integer> eosTokenIds() {
        return eosTokenIds;
    }

    public ModelConfig config() {
        return model.config();
    }

    public CausalLm model() {
        return model;
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }
}
