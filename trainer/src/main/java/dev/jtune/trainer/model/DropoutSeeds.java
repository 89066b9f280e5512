package dev.jtune.trainer.model;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Reseeds torch's global generator before each decoder layer, so a layer draws the same dropout masks whenever it
 * runs with the same base seed: in the forward pass and again when activation recompute re-runs it in backward.
 * Generator state = f(base, layer), with f a 64-bit mix so nearby bases and layers do not share streams.
 *
 * @param base one value per micro-batch of a step (e.g. mixed from the job seed, the step and the micro-batch)
 */
public record DropoutSeeds(long base) {

    /** Seeds for micro-batch {@code micro} of optimizer step {@code step} of a job seeded with {@code seed}. */
    public static DropoutSeeds of(long seed, long step, int micro) {
        return new DropoutSeeds(mix(mix(seed, step), micro));
    }

    /** Makes the next random draws those of {@code layer}. */
    public void reseed(int layer) {
        JniUtils.setSeed(mix(base, layer));
    }

    /** SplitMix64's finaliser over a + golden-ratio increments of b. */
    static long mix(long a, long b) {
        long z = a + (b + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
