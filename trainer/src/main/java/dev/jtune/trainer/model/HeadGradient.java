package dev.jtune.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * One loss chunk's Σ w·nll and its gradient with respect to the normed hidden states, written out instead of left to
 * autograd over the logits (as Liger-Kernel's fused linear cross-entropy does). With z = h·Wᵀ and p = softmax(z):
 *
 * <pre>
 *   nll_i = logsumexp(z_i) − z_i[t_i]
 *   d(s·Σ w_i·nll_i)/dh_i = s·w_i·(p_i·W − W[t_i])
 * </pre>
 *
 * Autograd keeps z, log p, the gather's zero-filled gradient and log_softmax's gradient alive at once, four
 * [chunk, vocab] FP32 tensors (78 MiB each for qwen2.5's 151,936 tokens at 128 rows), each mapped and faulted in
 * afresh by the allocator on every chunk; here there are at most two, and one of them only while exp is taken.
 * Only for a frozen LM head (LoRA; a full update trains W, whose gradient autograd gives) and no logit soft-cap.
 */
final class HeadGradient {

    private HeadGradient() {
    }

    /**
     * @param normed  final-normed hidden states of the chunk's scored positions, [c, hidden], in the model's dtype
     * @param head    the LM head's weights, [vocab, hidden], frozen
     * @param targets target token of each row, [c]
     * @param weights weight of each row's nll, [c]
     * @param scale   factor of the loss whose gradient is wanted (loss scaling)
     * @return Σ w·nll (unscaled) and d(scale·Σ w·nll)/d(normed), attached to {@code m}
     */
    static Result of(NDManager m, NDArray normed, NDArray head, long[] targets, float[] weights, float scale) {
        try (GradMode noGrad = GradMode.disabled()) {
            int c = targets.length;
            NDArray targetIds = m.create(targets);
            NDArray z = Ops.linear(normed, head, null);
            if (z.getDataType() != DataType.FLOAT32) {
                NDArray half = z;
                z = half.toType(DataType.FLOAT32, false);
                half.close();
            }
            NDArray max = z.max(new int[] {1}, true);
            z.subi(max);
            NDArray picked = z.gather(targetIds.reshape(c, 1), 1).reshape(c);  // z_t − max
            NDArray p = z.exp();
            z.close();
            NDArray sum = p.sum(new int[] {1}, true);
            NDArray w = m.create(weights);
            // nll_i = log Σ exp(z_i − max_i) − (z_i[t_i] − max_i)
            double nll = sum.reshape(c).log().sub(picked).mul(w).sum().getFloat();
            NDArray rowScale = w.mul(scale).reshape(c, 1);
            p.muli(rowScale.div(sum));  // s·w_i·p_i
            NDArray probs = p.getDataType() == head.getDataType() ? p : p.toType(head.getDataType(), false);
            NDArray grad = probs.matMul(head).subi(Ops.rows(head, targetIds).muli(rowScale.toType(
                    head.getDataType(), false)));
            return new Result(nll, grad);
        }
    }

    record Result(double weightedNll, NDArray gradient) {
    }

    /** Whether {@link #of} applies: the head is not trained and the logits are not soft-capped. */
    static boolean applies(NDArray head, double softcap) {
        return !head.hasGradient() && softcap == 0;
    }
}
