package dev.jtune.trainer.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtune.trainer.io.AtomicFiles;
import dev.jtune.trainer.io.SafetensorsReader;
import dev.jtune.trainer.io.SafetensorsWriter;
import dev.jtune.trainer.io.TensorInfo;
import dev.jtune.trainer.model.ModelConfig;
import dev.jtune.trainer.model.ModelFormatException;
import dev.jtune.trainer.model.WeightLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** PEFT's on-disk adapter: {@code adapter_config.json} + {@code adapter_model.safetensors}. */
public final class AdapterFiles {

    public static final String CONFIG = "adapter_config.json";
    public static final String WEIGHTS = "adapter_model.safetensors";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AdapterFiles() {
    }

    /**
     * Writes the adapter. {@code values} gives the tensors to store by PEFT name (the adapter's own parameters,
     * or FP32 master copies when training in FP16); they are stored as F32.
     */
    public static void save(Path dir, LoraConfig config, Map<String, NDArray> values) throws IOException {
        Files.createDirectories(dir);
        SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
        for (Map.Entry<String, NDArray> e : values.entrySet()) {
            NDArray v = e.getValue();
            float[] data = v.getDataType() == DataType.FLOAT32 ? v.toFloatArray()
                    : floatsOf(v);
            writer.add(e.getKey(), data, v.getShape().getShape());
        }
        writer.write(dir.resolve(WEIGHTS));
        AtomicFiles.writeString(dir.resolve(CONFIG), configJson(config));
    }

    private static float[] floatsOf(NDArray v) {
        try (NDArray f = v.toType(DataType.FLOAT32, true)) {
            return f.toFloatArray();
        }
    }

    /** The fields PEFT 0.21 writes for a plain LoRA adapter. */
    static String configJson(LoraConfig c) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.putObject("alpha_pattern");
        n.putNull("auto_mapping");
        if (c.baseModel() == null) {
            n.putNull("base_model_name_or_path");
        } else {
            n.put("base_model_name_or_path", c.baseModel());
        }
        n.put("bias", "none");
        n.put("fan_in_fan_out", false);
        n.put("inference_mode", true);
        n.put("init_lora_weights", true);
        n.putNull("layers_pattern");
        n.putNull("layers_to_transform");
        if (c.alpha() == Math.rint(c.alpha())) {
            n.put("lora_alpha", (long) c.alpha());
        } else {
            n.put("lora_alpha", c.alpha());
        }
        n.put("lora_bias", false);
        n.put("lora_dropout", c.dropout());
        n.putNull("modules_to_save");
        n.put("peft_type", "LORA");
        n.put("r", c.rank());
        n.putObject("rank_pattern");
        n.putNull("revision");
        ArrayNode targets = n.putArray("target_modules");
        c.targets().forEach(targets::add);
        n.put("task_type", "CAUSAL_LM");
        n.put("use_dora", false);
        n.put("use_rslora", c.rsLora());
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
    }

    /** The adapter's settings, its targets checked against every family's projection names. */
    public static LoraConfig readConfig(Path dir) throws IOException {
        return readConfig(dir, WeightLayout.KNOWN_PROJECTIONS);
    }

    /** The adapter's settings, its targets checked against {@code projections} (a model's PEFT module names). */
    public static LoraConfig readConfig(Path dir, List<String> projections) throws IOException {
        Path file = dir.resolve(CONFIG);
        JsonNode n;
        try {
            n = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file + " does not exist: an adapter folder holds " + CONFIG + " and "
                    + WEIGHTS + " as PEFT's save_pretrained writes them.");
        }
        String type = n.path("peft_type").asText("LORA");
        if (!type.equals("LORA")) {
            throw new ModelFormatException(file + ": peft_type '" + type + "' is not supported (only LORA).");
        }
        if (n.path("use_dora").asBoolean(false)) {
            throw new ModelFormatException(file + ": DoRA adapters (use_dora) are not supported.");
        }
        if (!n.path("r").isNumber()) {
            throw new ModelFormatException(file + " lacks the LoRA rank 'r'.");
        }
        List<String> targets = targetModules(n);
        int r = n.get("r").asInt();
        List<String> resolved;
        try {
            resolved = LoraConfig.resolveTargets(targets.isEmpty() ? List.of("all-linear") : targets, projections);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file + ": " + e.getMessage());
        }
        String base = n.path("base_model_name_or_path").isTextual() ? n.get("base_model_name_or_path").asText()
                : null;
        return new LoraConfig(r, n.path("lora_alpha").asDouble(8), n.path("lora_dropout").asDouble(0),
                resolved, n.path("use_rslora").asBoolean(false), base);
    }

    /**
     * {@code target_modules} of an {@code adapter_config.json} as written: PEFT saves a list of module names, or
     * one string (a regex or "all-linear"); empty when absent.
     */
    public static List<String> targetModules(JsonNode adapterConfig) {
        List<String> targets = new ArrayList<>();
        JsonNode t = adapterConfig.path("target_modules");
        if (t.isArray()) {
            t.forEach(x -> targets.add(x.asText()));
        } else if (t.isTextual()) {
            targets.add(t.asText());
        }
        return targets;
    }

    /** Loads an adapter folder for {@code model}, checking every tensor's shape. */
    public static LoraAdapter load(Path dir, ModelConfig model, NDManager parent, DataType dtype) throws IOException {
        LoraConfig config = readConfig(dir, model.architecture().projections());
        NDManager manager = parent.newSubManager();
        Map<String, LoraLinear> modules = new LinkedHashMap<>();
        Path file = dir.resolve(WEIGHTS);
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            for (int layer = 0; layer < model.numLayers(); layer++) {
                for (String p : model.architecture().projections()) {
                    String module = WeightLayout.module(layer, p);
                    String aName = LoraAdapter.PEFT_PREFIX + module + ".lora_A.weight";
                    String bName = LoraAdapter.PEFT_PREFIX + module + ".lora_B.weight";
                    if (!reader.tensors().containsKey(aName)) {
                        continue;
                    }
                    long[] shape = WeightLayout.projectionShape(model, p);
                    NDArray a = read(reader, aName, new long[] {config.rank(), shape[1]}, manager, dtype);
                    NDArray b = read(reader, bName, new long[] {shape[0], config.rank()}, manager, dtype);
                    modules.put(module, new LoraLinear(a, b, config.scale(), config.dropout()));
                }
            }
            if (modules.isEmpty()) {
                throw new ModelFormatException(file + " holds no LoRA tensors for this " + model.modelType()
                        + " model (expected names like " + LoraAdapter.PEFT_PREFIX
                        + "model.layers.0.self_attn.q_proj.lora_A.weight).");
            }
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
        return new LoraAdapter(config, manager, modules);
    }

    private static NDArray read(SafetensorsReader reader, String name, long[] expected, NDManager manager,
                                DataType dtype) throws IOException {
        TensorInfo info = reader.info(name);
        if (!Arrays.equals(info.shape(), expected)) {
            throw new ModelFormatException("adapter tensor '" + name + "' in " + reader.file() + " has shape "
                    + info.shapeString() + " but the base model and r imply " + Arrays.toString(expected)
                    + ": the adapter was trained for a different base model.");
        }
        return LoraAdapter.array(manager, reader.readFloats(name), new Shape(expected), dtype);
    }
}
