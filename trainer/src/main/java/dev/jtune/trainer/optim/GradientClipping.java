package dev.jtune.trainer.optim;

import ai.djl.ndarray.NDArray;

import java.util.List;

/** Global-norm clipping with {@code torch.nn.utils.clip_grad_norm_} semantics. */
public final class GradientClipping {

    private GradientClipping() {
    }

    /** L2 norm over all gradients together, as a double (inf or NaN when a gradient overflowed). */
    public static double globalNorm(List<NDArray> grads) {
        NDArray total = null;
        for (NDArray g : grads) {
            NDArray sq = g.square().sum();
            total = total == null ? sq : total.addi(sq);
        }
        return total == null ? 0 : Math.sqrt(total.getFloat());
    }

    /**
     * Scales the gradients in place by min(1, maxNorm / (norm + 1e-6)) when maxNorm &gt; 0.
     *
     * @return the norm before clipping
     */
    public static double clip(List<NDArray> grads, double maxNorm) {
        double norm = globalNorm(grads);
        if (maxNorm > 0 && Double.isFinite(norm)) {
            double coefficient = Math.min(1.0, maxNorm / (norm + 1e-6));
            if (coefficient < 1.0) {
                for (NDArray g : grads) {
                    g.muli((float) coefficient);
                }
            }
        }
        return norm;
    }
}
