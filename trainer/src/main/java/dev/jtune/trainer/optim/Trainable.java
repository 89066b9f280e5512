package dev.jtune.trainer.optim;

import ai.djl.ndarray.NDArray;

/**
 * One trainable tensor.
 *
 * @param name    checkpoint name (PEFT name for LoRA, HF name for full fine-tuning)
 * @param leaf    the array inside the graph that requires grad (compute dtype)
 * @param master  the FP32 copy the optimizer updates; the same array as {@code leaf} when computing in FP32
 * @param lrScale multiplier of the learning rate (LoRA+ gives B matrices ratio × lr)
 */
public record Trainable(String name, NDArray leaf, NDArray master, double lrScale) {

    public boolean hasSeparateMaster() {
        return leaf != master;
    }
}
