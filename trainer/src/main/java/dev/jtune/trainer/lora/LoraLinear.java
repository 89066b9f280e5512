package dev.jtune.trainer.lora;

import ai.djl.ndarray.NDArray;
import dev.jtune.trainer.model.Ops;

/**
 * The LoRA branch of one projection: scale · B(A(dropout(x))), with A [r, in] and B [out, r] laid out as PEFT's
 * {@code lora_A.weight} / {@code lora_B.weight}. The scale multiplies the rank-r intermediate, the smallest
 * tensor on the path, which gives A and B the same gradients as PEFT's scaling of the output.
 */
public final class LoraLinear {

    private final NDArray a;
    private final NDArray b;
    private final float scale;
    private final double dropout;

    public LoraLinear(NDArray a, NDArray b, double scale, double dropout) {
        this.a = a;
        this.b = b;
        this.scale = (float) scale;
        this.dropout = dropout;
    }

    public NDArray delta(NDArray x, boolean training) {
        NDArray in = training && dropout > 0 ? Ops.dropout(x, dropout) : x;
        return Ops.linear(Ops.linear(in, a, null).muli(scale), b, null);
    }

    public NDArray a() {
        return a;
    }

    public NDArray b() {
        return b;
    }

    public float scale() {
        return scale;
    }

    public double dropout() {
        return dropout;
    }
}
