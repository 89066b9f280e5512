package dev.jtune.trainer.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.engine.DjlFineTuner;
import dev.jtune.trainer.engine.FineTuneSpec;
import dev.jtune.trainer.model.GradMode;
import dev.jtune.trainer.engine.StepResult;
import dev.jtune.trainer.io.SafetensorsReader;
import dev.jtune.trainer.model.CausalLm;
import dev.jtune.trainer.testing.Fixture;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoraReferenceTest {

    static Stream<Fixture> fixtures() throws Exception {
        return Fixture.all();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void loraLossAndEveryGradientMatchReference(Fixture f) throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
             SafetensorsReader refs = f.references()) {
            CausalLm model = CausalLm.load(f.dir(), manager, DataType.FLOAT32);
            LoraAdapter adapter = AdapterFiles.load(f.dir().resolve("adapter"), model.config(), manager,
                    DataType.FLOAT32);
            model.setDelta(adapter);
            adapter.setTrainable(true);
            Batch batch = f.singleBatch();
            try (NDManager step = manager.newSubManager(); GradMode grad = GradMode.enabled()) {
                NDArray loss = model.weightedNll(step, batch, true).div((float) batch.trainedWeight());
                assertEquals(f.reference().path("lora").path("loss").asDouble(), loss.getFloat(), 1e-4);
                GradMode.backward(loss);
            }
            Map<String, NDArray> params = adapter.parameters();
            int projections = model.config().architecture().projections().size();
            assertEquals(2 * projections * model.config().numLayers(), params.size());
            int checked = 0;
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                float[] expected = refs.readFloats("grad." + e.getKey());
                float[] actual;
                try (NDArray g = e.getValue().getGradient()) {
                    actual = g.toFloatArray();
                }
                double maxAbs = 0;
                for (float v : expected) {
                    maxAbs = Math.max(maxAbs, Math.abs(v));
                }
                assertTrue(maxAbs > 0, e.getKey() + " has an all-zero reference gradient");
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], 1e-4 * maxAbs, "gradient of " + e.getKey() + " at " + i);
                }
                checked++;
            }
            assertEquals(refs.tensors().keySet().stream().filter(k -> k.startsWith("grad.")).count(), checked);
        }
    }

    /**
     * The fixture's PEFT adapter (for Phi-3, on the fused qkv_proj and gate_up_proj modules) is saved back with
     * the same tensor names, shapes and bits, and the same target modules.
     */
    @ParameterizedTest
    @MethodSource("fixtures")
    void peftAdapterIsSavedBackBitIdentical(Fixture f, @TempDir Path tmp) throws Exception {
        Path original = f.dir().resolve("adapter");
        try (NDManager manager = NDManager.newBaseManager()) {
            CausalLm model = CausalLm.load(f.dir(), manager, DataType.FLOAT32);
            LoraAdapter adapter = AdapterFiles.load(original, model.config(), manager, DataType.FLOAT32);
            AdapterFiles.save(tmp, adapter.config(), adapter.parameters());
        }
        try (SafetensorsReader before = SafetensorsReader.open(original.resolve(AdapterFiles.WEIGHTS));
             SafetensorsReader after = SafetensorsReader.open(tmp.resolve(AdapterFiles.WEIGHTS))) {
            assertEquals(before.tensors().keySet(), after.tensors().keySet());
            for (String name : before.tensors().keySet()) {
                assertArrayEquals(before.info(name).shape(), after.info(name).shape(), name);
                float[] a = before.readFloats(name);
                float[] b = after.readFloats(name);
                for (int i = 0; i < a.length; i++) {
                    assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), name + "[" + i + "]");
                }
            }
        }
        ObjectMapper json = new ObjectMapper();
        assertEquals(new java.util.TreeSet<>(AdapterFiles.targetModules(json.readTree(original.resolve(AdapterFiles.CONFIG)
                        .toFile()))),
                new java.util.TreeSet<>(AdapterFiles.targetModules(json.readTree(tmp.resolve(AdapterFiles.CONFIG)
                        .toFile()))));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void adamwTrajectoryAndMergedLogitsMatchReference(Fixture f, @TempDir Path tmp) throws Exception {
        JsonNode adamw = f.reference().path("lora").path("adamw");
        JsonNode expected = adamw.path("losses_before_each_step");
        Batch batch = f.singleBatch();
        try (DjlFineTuner tuner = DjlFineTuner.create(f.dir(), f.adamwSpec(), Device.cpu())) {
            tuner.restore(f.dir().resolve("adapter"), false);
            for (int i = 0; i < expected.size(); i++) {
                StepResult r = tuner.step(List.of(batch), adamw.path("lr").asDouble());
                assertFalse(r.skipped());
                assertEquals(expected.get(i).asDouble(), r.loss(), 1e-4, "loss before step " + (i + 1));
            }
            tuner.saveMerged(tmp.resolve("merged"));
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            CausalLm merged = CausalLm.load(tmp.resolve("merged"), manager, DataType.FLOAT32);
            float[] actual;
            try (NDManager step = manager.newSubManager()) {
                actual = merged.logits(merged.hidden(step, batch.inputIds(), batch.positionIds(),
                        batch.segmentIds(), null, false)).toFloatArray();
            }
            float[] reference = f.tensor("merged_logits_after_4_steps");
            assertEquals(reference.length, actual.length);
            for (int i = 0; i < reference.length; i++) {
                assertEquals(reference[i], actual[i], 1e-4, "merged logit " + i);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void savedAdapterLoadsBackBitIdenticalWithPeftFields(Fixture f, @TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("checkpoint");
        Map<String, float[]> before = new java.util.LinkedHashMap<>();
        try (DjlFineTuner tuner = DjlFineTuner.create(f.dir(), f.adamwSpec(), Device.cpu())) {
            tuner.step(List.of(f.singleBatch()), 1e-2);
            tuner.save(out);
            tuner.adapter().parameters().forEach((k, v) -> before.put(k, v.toFloatArray()));
        }
        JsonNode config = new ObjectMapper().readTree(out.resolve(AdapterFiles.CONFIG).toFile());
        assertEquals("LORA", config.path("peft_type").asText());
        assertEquals(4, config.path("r").asInt());
        assertEquals(8, config.path("lora_alpha").asInt());
        assertEquals("CAUSAL_LM", config.path("task_type").asText());
        assertEquals("none", config.path("bias").asText());
        assertTrue(config.path("target_modules").isArray());
        assertEquals(f.reference().path("lora").path("targets").size(), config.path("target_modules").size());
        assertTrue(config.has("lora_dropout"));
        assertTrue(config.has("use_rslora"));
        assertEquals(f.dir().toAbsolutePath().toString(), config.path("base_model_name_or_path").asText());
        try (NDManager manager = NDManager.newBaseManager()) {
            CausalLm model = CausalLm.load(f.dir(), manager, DataType.FLOAT32);
            LoraAdapter loaded = AdapterFiles.load(out, model.config(), manager, DataType.FLOAT32);
            assertEquals(before.keySet(), loaded.parameters().keySet());
            for (Map.Entry<String, NDArray> e : loaded.parameters().entrySet()) {
                assertArrayEquals(before.get(e.getKey()), e.getValue().toFloatArray(), 0f, e.getKey());
            }
            assertTrue(before.values().stream().anyMatch(v -> {
                for (float x : v) {
                    if (x != 0) {
                        return true;
                    }
                }
                return false;
            }));
        }
        try (DjlFineTuner resumed = DjlFineTuner.create(f.dir(), f.adamwSpec(), Device.cpu())) {
            resumed.restore(out, true);
            for (Map.Entry<String, NDArray> e : resumed.adapter().parameters().entrySet()) {
                assertArrayEquals(before.get(e.getKey()), e.getValue().toFloatArray(), 0f, e.getKey());
            }
        }
    }
}
