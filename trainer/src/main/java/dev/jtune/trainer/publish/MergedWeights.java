package dev.jtune.trainer.publish;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.jtune.trainer.io.AtomicFiles;
import dev.jtune.trainer.io.CheckpointTensors;
import dev.jtune.trainer.io.SafetensorsWriter;
import dev.jtune.trainer.lora.AdapterFiles;
import dev.jtune.trainer.lora.LoraAdapter;
import dev.jtune.trainer.model.ModelConfig;
import dev.jtune.trainer.model.WeightLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Merges a checkpoint into its base without a trainer: no optimizer, no FP32 master copies, no gradients. LoRA
 * gives W + scale·B·A per adapted projection (in FP32 on the CPU); a full update's checkpoint already holds every
 * weight. Each tensor is written in the dtype the base stored it in, so a merged model is as large as its base.
 */
public final class MergedWeights implements ModelMerger {

    @Override
    public void writeMerged(Path baseFolder, Path checkpoint, Path dir) throws IOException {
        ModelConfig config = ModelConfig.load(baseFolder.resolve("config.json"));
        boolean lora = Files.isRegularFile(checkpoint.resolve(AdapterFiles.CONFIG));
        SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
        try (CheckpointTensors base = CheckpointTensors.open(baseFolder);
             CheckpointTensors trained = lora ? null : CheckpointTensors.open(checkpoint);
             NDManager root = NDManager.newBaseManager(Device.cpu())) {
            LoraAdapter adapter = lora ? AdapterFiles.load(checkpoint, config, root, DataType.FLOAT32) : null;
            for (Map.Entry<String, long[]> e : WeightLayout.expected(config).entrySet()) {
                String name = e.getKey();
                float[] values = (trained != null ? trained : base).readFloats(name);
                String module = name.endsWith(".weight") ? name.substring(0, name.length() - ".weight".length()) : null;
                if (adapter != null && module != null && adapter.modules().containsKey(module)) {
                    try (NDManager step = root.newSubManager()) {
                        NDArray w = step.create(values, new Shape(e.getValue()));
                        values = adapter.merge(module, w, step).toFloatArray();
                    }
                }
                writer.add(name, values, e.getValue(), base.info(name).dtype());
            }
        }
        Files.createDirectories(dir);
        writer.write(dir.resolve("model.safetensors"));
        AtomicFiles.writeString(dir.resolve("config.json"), config.toJson());
    }
}
