package dev.jtune.trainer.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.io.SafetensorsReader;
import dev.jtune.trainer.lora.AdapterFiles;
import dev.jtune.trainer.lora.LoraAdapter;
import dev.jtune.trainer.model.CausalLm;
import dev.jtune.trainer.model.GradMode;
import dev.jtune.trainer.model.ModelConfig;
import dev.jtune.trainer.model.WeightLayout;
import dev.jtune.trainer.testing.Fixture;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** q/k/v and gate/up run as one matmul each, while adapters and full checkpoints keep the per-projection layout. */
class FusedProjectionTest {

    /** Layer 0's first projection: q_proj, or the fused qkv_proj a Phi-3 checkpoint stores. */
    private static String q(Fixture f) throws Exception {
        ModelConfig config = ModelConfig.load(f.dir().resolve("config.json"));
        return WeightLayout.module(0, config.architecture().projections().get(0));
    }

    private static boolean storedFused(Fixture f) throws Exception {
        return ModelConfig.load(f.dir().resolve("config.json")).architecture().fusedCheckpoint();
    }

    static Stream<Fixture> fixtures() {
        return Fixture.all();
    }

    private static float[] logits(CausalLm model, NDManager manager, Batch b) {
        try (NDManager step = manager.newSubManager(); GradMode noGrad = GradMode.disabled()) {
            return model.logits(model.hidden(step, b.inputIds(), b.positionIds(), b.segmentIds(), null, false))
                    .toFloatArray();
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void adapterTrainedOnFusedWeightsLoadsBitIdenticalIntoTheUnfusedLayout(Fixture f, @TempDir Path tmp)
            throws Exception {
        Map<String, float[]> trained = new LinkedHashMap<>();
        String first = q(f);
        try (DjlFineTuner tuner = DjlFineTuner.create(f.dir(), f.adamwSpec(), Device.cpu())) {
            if (!storedFused(f)) {
                assertNotNull(tuner.model().weights().fused(first), "LoRA trains on the fused base");
            }
            tuner.restore(f.dir().resolve("adapter"), false);
            tuner.step(List.of(f.paddedBatch()), 1e-2);
            tuner.save(tmp);
            tuner.adapter().parameters().forEach((k, v) -> trained.put(k, v.toFloatArray()));
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            CausalLm fusedModel = CausalLm.load(f.dir(), manager, DataType.FLOAT32);
            CausalLm unfused = CausalLm.load(f.dir(), manager, DataType.FLOAT32);
            unfused.weights().setTrainable(false);
            assertNull(unfused.weights().fused(first));
            LoraAdapter forFused = AdapterFiles.load(tmp, fusedModel.config(), manager, DataType.FLOAT32);
            LoraAdapter forUnfused = AdapterFiles.load(tmp, unfused.config(), manager, DataType.FLOAT32);
            forUnfused.parameters().forEach((k, v) -> assertArrayEquals(trained.get(k), v.toFloatArray(), 0f, k));
            fusedModel.setDelta(forFused);
            unfused.setDelta(forUnfused);
            float[] a = logits(fusedModel, manager, f.paddedBatch());
            float[] b = logits(unfused, manager, f.paddedBatch());
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-4, "logit " + i + " fused vs unfused");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void fullFineTuneSavesTheHuggingFacePerProjectionTensors(Fixture f, @TempDir Path tmp) throws Exception {
        FineTuneSpec full = new FineTuneSpec(FineTuneSpec.Method.FULL, 0, 0, 0.0, List.of("all-linear"), false, 1.0,
                0.0, 0.9, 0.999, 1e-8, 1.0, FineTuneSpec.Precision.FP32, 1);
        String first = q(f);
        float[] before;
        float[] after;
        try (NDManager manager = NDManager.newBaseManager()) {
            before = CausalLm.load(f.dir(), manager, DataType.FLOAT32).weights().get(first + ".weight").toFloatArray();
        }
        try (DjlFineTuner tuner = DjlFineTuner.create(f.dir(), full, Device.cpu())) {
            tuner.step(List.of(f.paddedBatch()), 1e-3);
            tuner.save(tmp);
            after = tuner.model().weights().get(first + ".weight").toFloatArray();
        }
        try (SafetensorsReader saved = SafetensorsReader.open(tmp.resolve(DjlFineTuner.WEIGHTS_FILE))) {
            try (NDManager manager = NDManager.newBaseManager()) {
                var config = CausalLm.load(f.dir(), manager, DataType.FLOAT32).config();
                assertEquals(WeightLayout.expected(config).keySet(), saved.tensors().keySet());
            }
            assertArrayEquals(after, saved.readFloats(first + ".weight"), 0f);
        }
        double moved = 0;
        for (int i = 0; i < before.length; i++) {
            moved = Math.max(moved, Math.abs(after[i] - before[i]));
        }
        org.junit.jupiter.api.Assertions.assertTrue(moved > 0, "q_proj was not trained");
    }
}
