package dev.jtune.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Fused PyTorch ops that DJL's NDArray API does not expose directly, each one JNI call. Results attach to the
 * input's manager (the step's), never to a weight's.
 */
public final class Ops {

    private Ops() {
    }

    /** x·Wᵀ (+ b), torch.nn.functional.linear; W is [out, in] as stored in checkpoints. */
    public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return JniUtils.linear((PtNDArray) x, (PtNDArray) weight, (PtNDArray) bias);
    }

    /**
     * Consecutive parts of the last axis with the given widths, as views (torch.split_with_sizes): backward
     * concatenates the parts' gradients once, where slicing would zero-fill a full-size gradient per part.
     */
    public static NDList split(NDArray x, long[] widths) {
        return JniUtils.split((PtNDArray) x, widths, x.getShape().dimension() - 1);
    }

    /**
     * rotate_half over the first {@code rotaryDim} of the last axis, cat(−x2, x1) as in HF's rotary embedding,
     * with the dimensions past it kept as they are (their sin is 0). Elementwise, not a matmul by a signed
     * permutation: a [headDim, headDim] product costs ~20× as much at headDim 64.
     */
    public static NDArray rotateHalf(NDArray x, int rotaryDim) {
        long headDim = x.getShape().get(x.getShape().dimension() - 1);
        int half = rotaryDim / 2;
        NDList parts = split(x, rotaryDim == headDim ? new long[] {half, half}
                : new long[] {half, half, headDim - rotaryDim});
        NDArray negated = parts.get(1).neg();
        NDList order = new NDList(negated, parts.get(0));
        if (parts.size() == 3) {
            order.add(parts.get(2));
        }
        NDArray out = NDArrays.concat(order, -1);
        negated.close();
        parts.close();
        return out;
    }

    /** Rows of {@code table} selected by integer {@code ids} (differentiable with respect to the table). */
    public static NDArray rows(NDArray table, NDArray ids) {
        return JniUtils.embedding((PtNDArray) ids, (PtNDArray) table, false);
    }

    public static NDArray sigmoid(NDArray x) {
        return JniUtils.sigmoid((PtNDArray) x);
    }

    public static NDArray dropout(NDArray x, double p) {
        return JniUtils.dropout((PtNDArray) x, p, true);
    }

    /** SiLU(g)·u, the SwiGLU gate (DJL has no SiLU op). */
    public static NDArray swiglu(NDArray gate, NDArray up) {
        NDArray s = sigmoid(gate);
        return gate.mul(s).muli(up);
    }

    /**
     * gelu_tanh(g)·u: 0.5·g·(1 + tanh(√(2/π)·(g + 0.044715·g³)))·u, as PyTorch's gelu(approximate='tanh').
     * g·(1 + 0.044715·g²) rather than g + 0.044715·g³ and the tanh argument clipped to ±20 (where tanh is ±1 in
     * FP32 already) keep FP16 finite in both directions for |g| up to 256 instead of 40.
     */
    public static NDArray geglu(NDArray gate, NDArray up) {
        // Nothing in place: square and tanh keep what their backward reads.
        NDArray inner = gate.square().mul(0.044715f).add(1f).mul(gate).mul((float) Math.sqrt(2 / Math.PI))
                .clip(-20f, 20f).tanh();
        return inner.add(1f).mul(gate).mul(0.5f).mul(up);
    }
}
