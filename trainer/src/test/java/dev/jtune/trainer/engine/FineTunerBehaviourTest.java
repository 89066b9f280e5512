package dev.jtune.trainer.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.lora.LoraConfig;
import dev.jtune.trainer.testing.Batches;
import dev.jtune.trainer.testing.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FineTunerBehaviourTest {

    private static Fixture fixture() throws Exception {
        return Fixture.all().findFirst().orElseThrow();
    }

    private static FineTuneSpec lora(FineTuneSpec.Method method, boolean rsLora, double loraPlus) {
        return new FineTuneSpec(method, 8, 16, 0.0, List.of("q_proj", "v_proj", "down_proj"), rsLora, loraPlus,
                0.01, 0.9, 0.999, 1e-8, 1.0, FineTuneSpec.Precision.FP32, 5);
    }

    private static Map<String, float[]> snapshot(DjlFineTuner t) {
        Map<String, float[]> out = new LinkedHashMap<>();
        Map<String, NDArray> params = t.adapter() != null ? t.adapter().parameters() : t.model().weights().all();
        params.forEach((k, v) -> out.put(k, v.toFloatArray()));
        return out;
    }

    private static void assertSameParameters(Map<String, float[]> a, Map<String, float[]> b, float tolerance) {
        assertEquals(a.keySet(), b.keySet());
        a.forEach((k, v) -> assertArrayEquals(v, b.get(k), tolerance, k));
    }

    /** Two micro-batches accumulate to exactly the update of one batch holding both (weight-normalised). */
    @Test
    void gradientAccumulationEqualsOneLargeBatch() throws Exception {
        Fixture f = fixture();
        Batch first = Batches.of(List.of(f.ints("input_ids")), List.of(f.floats("assistant_mask")));
        Batch second = Batches.of(List.of(f.ints("input_ids_2")), List.of(f.floats("assistant_mask_2")));
        StepResult accumulated;
        StepResult whole;
        Map<String, float[]> afterAccumulated;
        Map<String, float[]> afterWhole;
        try (DjlFineTuner a = DjlFineTuner.create(f.dir(), lora(FineTuneSpec.Method.LORA, false, 1), Device.cpu())) {
            accumulated = a.step(List.of(first, second), 1e-2);
            a.step(List.of(first, second), 1e-2);
            afterAccumulated = snapshot(a);
        }
        try (DjlFineTuner b = DjlFineTuner.create(f.dir(), lora(FineTuneSpec.Method.LORA, false, 1), Device.cpu())) {
            whole = b.step(List.of(f.paddedBatch()), 1e-2);
            b.step(List.of(f.paddedBatch()), 1e-2);
            afterWhole = snapshot(b);
        }
        assertEquals(f.reference().path("batch_loss").asDouble(), whole.loss(), 1e-4);
        assertEquals(whole.loss(), accumulated.loss(), 1e-5);
        assertEquals(whole.gradNorm(), accumulated.gradNorm(), 1e-5 * whole.gradNorm());
        assertEquals(whole.trainedWeight(), accumulated.trainedWeight());
        assertEquals(whole.tokens(), accumulated.tokens());
        assertSameParameters(afterWhole, afterAccumulated, 1e-5f);
    }

    /** Two examples packed in one row (segments 1 and 2, positions restarting) score as they do apart. */
    @Test
    void packedRowScoresLikeSeparateRows() throws Exception {
        Fixture f = fixture();
        int[] a = f.ints("input_ids");
        int[] b = f.ints("input_ids_2");
        float[] wa = f.floats("assistant_mask");
        float[] wb = f.floats("assistant_mask_2");
        int t = a.length + b.length + 3;
        int[][] ids = new int[1][t];
        float[][] w = new float[1][t];
        int[][] pos = new int[1][t];
        int[][] seg = new int[1][t];
        for (int i = 0; i < a.length; i++) {
            ids[0][i] = a[i];
            w[0][i] = wa[i];
            pos[0][i] = i;
            seg[0][i] = 1;
        }
        for (int i = 0; i < b.length; i++) {
            ids[0][a.length + i] = b[i];
            w[0][a.length + i] = wb[i];
            pos[0][a.length + i] = i;
            seg[0][a.length + i] = 2;
        }
        Batch packed = new Batch(ids, w, pos, seg);
        try (DjlFineTuner tuner = DjlFineTuner.create(f.dir(), lora(FineTuneSpec.Method.LORA, false, 1),
                Device.cpu())) {
            LossSum packedLoss = tuner.evaluate(packed);
            LossSum padded = tuner.evaluate(f.paddedBatch());
            assertEquals(padded.weight(), packedLoss.weight());
            assertEquals(padded.weightedNll(), packedLoss.weightedNll(), 1e-3);
            assertEquals(f.reference().path("batch_loss").asDouble(), packedLoss.mean(), 1e-4);
        }
    }

    @Test
    void fullFineTuningLearnsAndResumesFromItsCheckpoint(@TempDir Path tmp) throws Exception {
        Fixture f = fixture();
        Batch batch = f.singleBatch();
        FineTuneSpec spec = lora(FineTuneSpec.Method.FULL, false, 1);
        Map<String, float[]> saved;
        double next;
        try (DjlFineTuner tuner = DjlFineTuner.create(f.dir(), spec, Device.cpu())) {
            assertEquals(tuner.totalParameters(), tuner.trainableParameters());
            double first = tuner.step(List.of(batch), 1e-3).loss();
            double second = tuner.step(List.of(batch), 1e-3).loss();
            assertTrue(second < first, first + " -> " + second);
            tuner.save(tmp.resolve("ckpt"));
            saved = snapshot(tuner);
            next = tuner.step(List.of(batch), 1e-3).loss();
        }
        assertTrue(Files.exists(tmp.resolve("ckpt").resolve("model.safetensors")));
        try (DjlFineTuner resumed = DjlFineTuner.create(f.dir(), spec, Device.cpu())) {
            resumed.restore(tmp.resolve("ckpt"), true);
            assertSameParameters(saved, snapshot(resumed), 0f);
            assertEquals(next, resumed.step(List.of(batch), 1e-3).loss(), 1e-6);
        }
    }

    @Test
    void loraPlusMovesBFasterAndRsLoraScalesByRootRank() throws Exception {
        Fixture f = fixture();
        assertEquals(16 / Math.sqrt(8), new LoraConfig(8, 16, 0, List.of("q_proj"), true, null).scale(), 1e-12);
        assertEquals(2.0, new LoraConfig(8, 16, 0, List.of("q_proj"), false, null).scale(), 1e-12);
        double plainB;
        double plusB;
        try (DjlFineTuner t = DjlFineTuner.create(f.dir(), lora(FineTuneSpec.Method.LORA, false, 1), Device.cpu())) {
            t.step(List.of(f.singleBatch()), 1e-3);
            t.step(List.of(f.singleBatch()), 1e-3);
            plainB = maxAbsOfB(t);
        }
        try (DjlFineTuner t = DjlFineTuner.create(f.dir(), lora(FineTuneSpec.Method.LORA, false, 16),
                Device.cpu())) {
            t.step(List.of(f.singleBatch()), 1e-3);
            t.step(List.of(f.singleBatch()), 1e-3);
            plusB = maxAbsOfB(t);
        }
        assertTrue(plusB > 8 * plainB, plainB + " vs " + plusB);
    }

    private static double maxAbsOfB(DjlFineTuner t) {
        double max = 0;
        for (Map.Entry<String, NDArray> e : t.adapter().parameters().entrySet()) {
            if (e.getKey().endsWith("lora_B.weight")) {
                for (float v : e.getValue().toFloatArray()) {
                    max = Math.max(max, Math.abs(v));
                }
            }
        }
        return max;
    }

    @Test
    void restoringAnAdapterOfAnotherRankIsAClearError(@TempDir Path tmp) throws Exception {
        Fixture f = fixture();
        try (DjlFineTuner t = DjlFineTuner.create(f.dir(), lora(FineTuneSpec.Method.LORA, false, 1), Device.cpu())) {
            Exception e = assertThrows(java.io.IOException.class, () -> t.restore(f.dir().resolve("adapter"), true));
            assertTrue(e.getMessage().contains("r=4") && e.getMessage().contains("r=8"), e.getMessage());
        }
    }
}
