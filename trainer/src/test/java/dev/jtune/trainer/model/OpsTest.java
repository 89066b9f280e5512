package dev.jtune.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class OpsTest {

    @Test
    void rotateHalfIsCatOfNegatedSecondHalfAndFirstHalf() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, new Shape(2, 4));
            assertArrayEquals(new float[] {-3, -4, 1, 2, -7, -8, 5, 6}, Ops.rotateHalf(x, 4).toFloatArray());
        }
    }

    @Test
    void partialRotaryKeepsTheDimensionsPastTheRotaryPart() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(1, 6));
            assertArrayEquals(new float[] {-3, -4, 1, 2, 5, 6}, Ops.rotateHalf(x, 4).toFloatArray());
        }
    }

    @Test
    void rotateHalfPassesGradientsBackRotatedTheOtherWay() {
        try (NDManager m = NDManager.newBaseManager(); GradMode grad = GradMode.enabled()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 4));
            x.setRequiresGradient(true);
            NDArray weights = m.create(new float[] {10, 20, 30, 40}, new Shape(1, 4));
            // d/dx Σ w·rotate_half(x): out[0] = −x[2], out[1] = −x[3], out[2] = x[0], out[3] = x[1].
            Autograd.backward(Ops.rotateHalf(x, 4).mul(weights).sum());
            assertArrayEquals(new float[] {30, 40, -10, -20}, x.getGradient().toFloatArray());
        }
    }
}
