package dev.jtune.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.testing.Fixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForwardTest {

    static Stream<Fixture> fixtures() throws Exception {
        return Fixture.all();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void logitsMatchReference(Fixture f) throws Exception {
        assertLogits(f, f.dir(), "logits");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void bf16StoredWeightsGiveReferenceLogits(Fixture f) throws Exception {
        Path bf16 = f.dir().resolve("model-bf16");
        assertTrue(java.nio.file.Files.exists(bf16.resolve("model.safetensors")));
        assertLogits(f, bf16, "logits_bf16_weights");
    }

    /** Weights are read from a read-only mapping into tensors of their own: a full update may write to them. */
    @ParameterizedTest
    @MethodSource("fixtures")
    void loadedWeightsAreWritableCopiesOfTheFile(Fixture f) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            CausalLm model = CausalLm.load(f.dir(), manager, DataType.FLOAT32);
            NDArray w = model.weights().get("model.layers.0.mlp.down_proj.weight");
            float before = w.getFloat(0, 0);
            w.muli(2);
            assertEquals(2 * before, w.getFloat(0, 0), 1e-6);
            CausalLm again = CausalLm.load(f.dir(), manager, DataType.FLOAT32);
            assertEquals(before, again.weights().get("model.layers.0.mlp.down_proj.weight").getFloat(0, 0));
        }
    }

    private static void assertLogits(Fixture f, Path modelDir, String reference) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            CausalLm model = CausalLm.load(modelDir, manager, DataType.FLOAT32);
            Batch batch = f.singleBatch();
            float[] actual;
            try (NDManager step = manager.newSubManager()) {
                NDArray hidden = model.hidden(step, batch.inputIds(), batch.positionIds(), batch.segmentIds(), null,
                        false);
                actual = model.logits(hidden).toFloatArray();
            }
            float[] expected = f.tensor(reference);
            assertEquals(expected.length, actual.length);
            assertClose(expected, actual, 1e-4, reference);
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void lossMatchesReference(Fixture f) throws Exception {
        assertEquals(f.reference().path("loss").asDouble(), meanLoss(f, f.singleBatch()), 1e-4);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void paddedBatchLossMatchesReference(Fixture f) throws Exception {
        assertEquals(f.reference().path("batch_loss").asDouble(), meanLoss(f, f.paddedBatch()), 1e-4);
    }

    private static double meanLoss(Fixture f, Batch batch) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            CausalLm model = CausalLm.load(f.dir(), manager, DataType.FLOAT32);
            try (NDManager step = manager.newSubManager()) {
                double sum = model.weightedNll(step, batch, false).getFloat();
                return sum / batch.trainedWeight();
            }
        }
    }

    static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(expected[i] - actual[i]);
            if (!(diff <= worst)) {
                worst = diff;
                at = i;
            }
        }
        assertTrue(worst <= tolerance, what + ": max abs difference " + worst + " at index " + at
                + " (expected " + (at < 0 ? "" : expected[at]) + ", got " + (at < 0 ? "" : actual[at]) + ")");
    }
}
