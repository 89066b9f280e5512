package dev.jtune.trainer.model;

import ai.djl.pytorch.jni.JniUtils;

import java.util.concurrent.locks.ReentrantLock;

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

    /**
     * The generator is the process's, like the DJL engine: two jobs training with dropout at once would draw from
     * each other's streams, and a recomputed layer would no longer replay its forward's masks. So a layer holds
     * the generator from its reseed until it has run.
     */
    private static final ReentrantLock GENERATOR = new ReentrantLock();
    private static final Draws NONE = () -> { };

    /** Holds torch's generator for the draws of one layer; close it once the layer has run. */
    public interface Draws extends AutoCloseable {
        @Override
        void close();
    }

    /** Makes the next random draws those of {@code layer} of {@code seeds} (nothing to hold when null). */
    public static Draws forLayer(DropoutSeeds seeds, int layer) {
        if (seeds == null) {
            return NONE;
        }
        GENERATOR.lock();
        JniUtils.setSeed(mix(seeds.base, layer));
        return GENERATOR::unlock;
    }

    /** SplitMix64's finaliser over a + golden-ratio increments of b. */
    static long mix(long a, long b) {
        long z = a + (b + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
