package dev.jtune.trainer.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.jtune.trainer.model.GradMode;
import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.io.SafetensorsReader;
import dev.jtune.trainer.lora.AdapterFiles;
import dev.jtune.trainer.lora.LoraAdapter;
import dev.jtune.trainer.model.CausalLm;
import dev.jtune.trainer.optim.LossScaler;
import dev.jtune.trainer.testing.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MixedPrecisionTest {

    static Stream<Fixture> fixtures() throws Exception {
        return Fixture.all();
    }

    private static FineTuneSpec spec(FineTuneSpec.Precision precision) {
        return new FineTuneSpec(FineTuneSpec.Method.LORA, 4, 8, 0.0, List.of("all-linear"), false, 1.0, 0.01,
                0.9, 0.999, 1e-8, 1.0, precision, 1);
    }

    /** FP16 on the CPU follows the FP32 reference trajectory loosely (loss scaling may skip early steps). */
    @ParameterizedTest
    @MethodSource("fixtures")
    void fp16TrainingTracksTheFp32Reference(Fixture f) throws Exception {
        Batch batch = f.singleBatch();
        var expected = f.reference().path("lora").path("adamw").path("losses_before_each_step");
        List<Double> applied = new ArrayList<>();
        try (DjlFineTuner tuner = DjlFineTuner.create(f.dir(), spec(FineTuneSpec.Precision.FP16), Device.cpu())) {
            tuner.restore(f.dir().resolve("adapter"), false);
            assertEquals(f.reference().path("lora").path("loss").asDouble(), tuner.evaluate(batch).mean(), 2e-2);
            int attempts = 0;
            while (applied.size() < expected.size() && attempts++ < 40) {
                StepResult r = tuner.step(List.of(batch), 1e-2);
                assertTrue(Double.isFinite(r.loss()), "loss " + r.loss());
                if (!r.skipped()) {
                    applied.add(r.loss());
                }
            }
            assertEquals(expected.size(), applied.size(), "FP16 steps that were applied");
            for (int i = 0; i < applied.size(); i++) {
                assertEquals(expected.get(i).asDouble(), applied.get(i), 3e-2, "fp16 loss before step " + (i + 1));
            }
            assertTrue(tuner.lossScale() >= 1);
        }
    }

    /** LoRA gradients computed in FP16 (scaled loss) agree with the FP32 reference to FP16 precision. */
    @ParameterizedTest
    @MethodSource("fixtures")
    void fp16LoraGradientsMatchReferenceLoosely(Fixture f) throws Exception {
        float lossScale = 1024;
        try (NDManager manager = NDManager.newBaseManager(); SafetensorsReader refs = f.references()) {
            CausalLm model = CausalLm.load(f.dir(), manager, DataType.FLOAT16);
            LoraAdapter adapter = AdapterFiles.load(f.dir().resolve("adapter"), model.config(), manager,
                    DataType.FLOAT16);
            model.setDelta(adapter);
            adapter.setTrainable(true);
            Batch batch = f.singleBatch();
            try (NDManager step = manager.newSubManager(); GradMode grad = GradMode.enabled()) {
                GradMode.backward(model.weightedNll(step, batch, true)
                        .mul((float) (lossScale / batch.trainedWeight())));
            }
            for (Map.Entry<String, NDArray> e : adapter.parameters().entrySet()) {
                float[] expected = refs.readFloats("grad." + e.getKey());
                float[] actual = e.getValue().getGradient().toType(DataType.FLOAT32, true).toFloatArray();
                double max = 0;
                for (float v : expected) {
                    max = Math.max(max, Math.abs(v));
                }
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i] / lossScale, 1e-2 * max, e.getKey() + " at " + i);
                }
            }
        }
    }

    @Test
    void lossScalerSkipsAndHalvesOnOverflowAndGrowsAfterGoodSteps() {
        LossScaler s = new LossScaler(1024, 3);
        assertFalse(s.update(false));
        assertEquals(512, s.scale());
        assertTrue(s.update(true));
        assertTrue(s.update(true));
        assertEquals(512, s.scale());
        assertTrue(s.update(true));
        assertEquals(1024, s.scale());
    }
}
