package dev.jtune.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/** Backward passes through DJL's PyTorch JNI with an explicit upstream gradient. */
public final class Autograd {

    private Autograd() {
    }

    /** d(scalar)/d(leaves), accumulated into the leaves' gradients; the graph is freed. */
    public static void backward(NDArray scalar) {
        try (NDArray ones = scalar.onesLike()) {
            JniUtils.backward((PtNDArray) scalar, (PtNDArray) ones, false, false);
        }
    }

    /** Backward from a non-scalar tensor given d(loss)/d(tensor). */
    public static void backward(NDArray tensor, NDArray upstream) {
        JniUtils.backward((PtNDArray) tensor, (PtNDArray) upstream, false, false);
    }
}
