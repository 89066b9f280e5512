package dev.jtune.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's per-thread grad mode as a try-with-resources scope, and backward with an explicit upstream gradient.
 * Used instead of DJL's GradientCollector, whose zeroGradients scans every array of the system manager.
 */
public final class GradMode implements AutoCloseable {

    private final boolean previous;

    private GradMode(boolean enabled) {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(enabled);
    }

    public static GradMode enabled() {
        return new GradMode(true);
    }

    public static GradMode disabled() {
        return new GradMode(false);
    }

    /** d(target)/d(leaves), accumulated into the leaves' .grad. */
    public static void backward(NDArray scalarTarget) {
        Autograd.backward(scalarTarget);
    }

    public static void zeroGrad(NDArray leaf) {
        JniUtils.zeroGrad((PtNDArray) leaf);
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
