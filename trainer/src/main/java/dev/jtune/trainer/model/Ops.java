package dev.jtune.trainer.model;

import ai.djl.ndarray.NDArray;
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

    /** gelu_tanh(g)·u: 0.5·g·(1 + tanh(√(2/π)·(g + 0.044715·g³)))·u, as PyTorch's gelu(approximate='tanh'). */
    public static NDArray geglu(NDArray gate, NDArray up) {
        // Nothing in place: pow and tanh keep their outputs for backward.
        NDArray inner = gate.mul(gate).mul(gate).mul(0.044715f).add(gate).mul((float) Math.sqrt(2 / Math.PI)).tanh();
        return inner.add(1f).mul(gate).mul(0.5f).mul(up);
    }
}
