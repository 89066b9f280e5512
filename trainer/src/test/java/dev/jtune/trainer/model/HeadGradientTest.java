package dev.jtune.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeadGradientTest {

    private static final int ROWS = 6;
    private static final int HIDDEN = 24;
    private static final int VOCAB = 300;

    @Test
    void lossAndGradientEqualAutogradThroughLogSoftmax() {
        Random random = new Random(7);
        float[] hidden = gaussian(random, ROWS * HIDDEN, 2f);  // wide logits, so the max shift matters
        float[] head = gaussian(random, VOCAB * HIDDEN, 1f);
        long[] targets = {0, 299, 17, 17, 150, 3};
        float[] weights = {1f, 0.5f, 2f, 0f, 1f, 0.25f};
        float scale = 3f;
        try (NDManager m = NDManager.newBaseManager(); GradMode grad = GradMode.enabled()) {
            NDArray w = m.create(head, new Shape(VOCAB, HIDDEN));
            NDArray x = m.create(hidden, new Shape(ROWS, HIDDEN));
            x.setRequiresGradient(true);
            NDArray logp = Ops.linear(x, w, null).logSoftmax(-1).gather(m.create(targets, new Shape(ROWS, 1)), 1);
            NDArray nll = logp.reshape(ROWS).mul(m.create(weights)).sum().neg();
            double expectedNll = nll.getFloat();
            Autograd.backward(nll.mul(scale));
            float[] expected = x.getGradient().toFloatArray();

            HeadGradient.Result direct = HeadGradient.of(m, m.create(hidden, new Shape(ROWS, HIDDEN)), w, targets,
                    weights, scale);
            assertEquals(expectedNll, direct.weightedNll(), 1e-4 * Math.abs(expectedNll));
            float[] actual = direct.gradient().toFloatArray();
            float largest = 0;
            for (float v : expected) {
                largest = Math.max(largest, Math.abs(v));
            }
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-5f * largest, "gradient element " + i);
            }
            // The zero-weight row contributes nothing, whatever its target.
            for (int j = 0; j < HIDDEN; j++) {
                assertEquals(0f, actual[3 * HIDDEN + j]);
            }
        }
    }

    @Test
    void aHalfPrecisionHeadGivesAGradientInItsOwnTypeComputedInFp32() {
        Random random = new Random(11);
        float[] hidden = gaussian(random, ROWS * HIDDEN, 1f);
        float[] head = gaussian(random, VOCAB * HIDDEN, 1f);
        long[] targets = {5, 6, 7, 8, 9, 10};
        float[] weights = {1, 1, 1, 1, 1, 1};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w32 = m.create(head, new Shape(VOCAB, HIDDEN));
            NDArray x32 = m.create(hidden, new Shape(ROWS, HIDDEN));
            HeadGradient.Result full = HeadGradient.of(m, x32, w32, targets, weights, 1f);
            HeadGradient.Result half = HeadGradient.of(m, x32.toType(DataType.FLOAT16, false),
                    w32.toType(DataType.FLOAT16, false), targets, weights, 1f);
            assertEquals(DataType.FLOAT16, half.gradient().getDataType());
            assertEquals(full.weightedNll(), half.weightedNll(), 0.02 * full.weightedNll());
        }
    }

    @Test
    void appliesOnlyToAFrozenHeadWithoutSoftcap() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray head = m.zeros(new Shape(4, 2));
            assertTrue(HeadGradient.applies(head, 0));
            assertFalse(HeadGradient.applies(head, 30.0));
            head.setRequiresGradient(true);
            assertFalse(HeadGradient.applies(head, 0));
        }
    }

    private static float[] gaussian(Random random, int n, float sd) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) random.nextGaussian() * sd;
        }
        return out;
    }
}
