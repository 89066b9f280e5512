package dev.jtune.trainer.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.io.SafetensorsReader;
import dev.jtune.trainer.lora.AdapterFiles;
import dev.jtune.trainer.lora.LoraAdapter;
import dev.jtune.trainer.model.CausalLm;
import dev.jtune.trainer.model.DropoutSeeds;
import dev.jtune.trainer.model.GradMode;
import dev.jtune.trainer.testing.Fixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Activation recompute gives the numbers of the full graph: the reference loss and LoRA gradients, every gradient
 * of a full update, the reference AdamW trajectory, and with dropout the same masks (so the same steps).
 */
class RecomputeTest {

    static Stream<Fixture> fixtures() {
        return Fixture.all();
    }

    /** Gradients of every leaf after one backward of Σ w·nll / weight, with or without recompute. */
    private static Map<String, float[]> gradients(CausalLm model, Map<String, NDArray> leaves, Batch batch,
                                                  boolean recompute, DropoutSeeds seeds, double[] loss) {
        try (NDManager step = model.weights().manager().newSubManager(); GradMode grad = GradMode.enabled()) {
            loss[0] = model.backwardWeightedNll(step, batch, (float) (1 / batch.trainedWeight()), recompute, seeds)
                    / batch.trainedWeight();
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        leaves.forEach((name, leaf) -> {
            try (NDArray g = leaf.getGradient()) {
                out.put(name, g.toFloatArray());
            }
            GradMode.zeroGrad(leaf);
        });
        return out;
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        double maxAbs = 0;
        for (float v : expected) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        assertTrue(maxAbs > 0, what + " is all zero");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * maxAbs, what + " at " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void loraLossAndGradientsMatchTheReferenceWithAndWithoutRecompute(Fixture f) throws Exception {
        try (NDManager manager = NDManager.newBaseManager(); SafetensorsReader refs = f.references()) {
            CausalLm model = CausalLm.load(f.dir(), manager, DataType.FLOAT32);
            LoraAdapter adapter = AdapterFiles.load(f.dir().resolve("adapter"), model.config(), manager,
                    DataType.FLOAT32);
            model.setDelta(adapter);
            adapter.setTrainable(true);
            Batch batch = f.singleBatch();
            for (boolean recompute : new boolean[] {false, true}) {
                double[] loss = new double[1];
                Map<String, float[]> grads = gradients(model, adapter.parameters(), batch, recompute, null, loss);
                assertEquals(f.reference().path("lora").path("loss").asDouble(), loss[0], 1e-4,
                        "loss, recompute " + recompute);
                for (Map.Entry<String, float[]> e : grads.entrySet()) {
                    assertClose(refs.readFloats("grad." + e.getKey()), e.getValue(),
                            "gradient of " + e.getKey() + ", recompute " + recompute);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void fullUpdateGradientsAreTheSameWithRecompute(Fixture f) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            CausalLm model = CausalLm.load(f.dir(), manager, DataType.FLOAT32);
            model.weights().setTrainable(true);
            Map<String, NDArray> leaves = model.weights().all();
            Batch batch = f.paddedBatch();
            double[] graphLoss = new double[1];
            double[] recomputedLoss = new double[1];
            Map<String, float[]> graph = gradients(model, leaves, batch, false, null, graphLoss);
            Map<String, float[]> recomputed = gradients(model, leaves, batch, true, null, recomputedLoss);
            assertEquals(f.reference().path("batch_loss").asDouble(), graphLoss[0], 1e-4);
            assertEquals(graphLoss[0], recomputedLoss[0], 1e-6);
            // Every weight, the embeddings included (reached only through the recomputed first layer's input).
            assertEquals(leaves.keySet(), recomputed.keySet());
            graph.forEach((name, g) -> assertClose(g, recomputed.get(name), "gradient of " + name));
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void adamwTrajectoryMatchesTheReferenceWithRecomputeOn(Fixture f) throws Exception {
        JsonNode adamw = f.reference().path("lora").path("adamw");
        JsonNode expected = adamw.path("losses_before_each_step");
        FineTuneSpec spec = f.adamwSpec().withGradCheckpointing(GradCheckpointing.ON);
        try (DjlFineTuner tuner = DjlFineTuner.create(f.dir(), spec, Device.cpu())) {
            tuner.restore(f.dir().resolve("adapter"), false);
            assertTrue(tuner.recomputeDecision(1, f.singleBatch().sequenceLength()).recompute());
            for (int i = 0; i < expected.size(); i++) {
                StepResult r = tuner.step(List.of(f.singleBatch()), adamw.path("lr").asDouble());
                assertFalse(r.skipped());
                assertEquals(expected.get(i).asDouble(), r.loss(), 1e-4, "loss before step " + (i + 1));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void dropoutMasksAreReplayedWhenLayersAreRecomputed(Fixture f) throws Exception {
        FineTuneSpec dropout = new FineTuneSpec(FineTuneSpec.Method.LORA, 4, 8, 0.3, List.of("all-linear"), false,
                1.0, 0.0, 0.9, 0.999, 1e-8, 1.0, FineTuneSpec.Precision.FP32, 5);
        List<Double> off = trajectory(f, dropout.withGradCheckpointing(GradCheckpointing.OFF));
        List<Double> on = trajectory(f, dropout.withGradCheckpointing(GradCheckpointing.ON));
        List<Double> noDropout = trajectory(f, new FineTuneSpec(FineTuneSpec.Method.LORA, 4, 8, 0.0,
                List.of("all-linear"), false, 1.0, 0.0, 0.9, 0.999, 1e-8, 1.0, FineTuneSpec.Precision.FP32, 5));
        for (int i = 0; i < off.size(); i++) {
            assertEquals(off.get(i), on.get(i), 1e-5, "loss before step " + (i + 1));
        }
        // The masks matter: without dropout the trajectory is another one (so equal trajectories above are news).
        assertTrue(Math.abs(off.get(off.size() - 1) - noDropout.get(noDropout.size() - 1)) > 1e-4,
                "dropout changed nothing: " + off + " vs " + noDropout);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void aBatchThatCannotFitFailsBeforeItRunsAndTheTunerGoesOn(Fixture f) throws Exception {
        // 8 x 65536 tokens: attention alone would need terabytes, with or without recompute.
        int rows = 8;
        int t = 1 << 16;
        int[][] ids = new int[rows][t];
        float[][] w = new float[rows][t];
        int[][] pos = new int[rows][t];
        int[][] seg = new int[rows][t];
        for (int r = 0; r < rows; r++) {
            java.util.Arrays.fill(w[r], 1f);
            java.util.Arrays.fill(seg[r], 1);
        }
        Batch huge = new Batch(ids, w, pos, seg);
        try (DjlFineTuner tuner = DjlFineTuner.create(f.dir(), f.adamwSpec(), Device.cpu())) {
            InsufficientMemoryException e = org.junit.jupiter.api.Assertions.assertThrows(
                    InsufficientMemoryException.class, () -> tuner.step(List.of(huge), 1e-3));
            assertTrue(e.getMessage().contains("8 x 65536") && e.getMessage().contains("--max-seq-len"),
                    e.getMessage());
            StepResult r = tuner.step(List.of(f.singleBatch()), 1e-3);
            assertTrue(Double.isFinite(r.loss()) && !r.skipped());
        }
    }

    /** Losses before each of 4 steps plus the evaluation loss after them, from the fixture's adapter. */
    private static List<Double> trajectory(Fixture f, FineTuneSpec spec) throws Exception {
        List<Double> out = new java.util.ArrayList<>();
        try (DjlFineTuner tuner = DjlFineTuner.create(f.dir(), spec, Device.cpu())) {
            tuner.restore(f.dir().resolve("adapter"), false);
            for (int i = 0; i < 4; i++) {
                out.add(tuner.step(List.of(f.paddedBatch(), f.singleBatch()), 1e-2).loss());
            }
            out.add(tuner.evaluate(f.paddedBatch()).mean());
        }
        return out;
    }
}
