package dev.jtune.trainer.optim;

/**
 * Dynamic loss scaling for FP16 training (torch.amp.GradScaler's policy): the loss is multiplied by the scale
 * before backward; a step whose gradients hold inf/NaN is skipped and halves the scale; after
 * {@code growthInterval} good steps in a row the scale doubles.
 */
public final class LossScaler {

    private double scale;
    private final int growthInterval;
    private int goodSteps;

    public LossScaler(double initialScale, int growthInterval) {
        this.scale = initialScale;
        this.growthInterval = growthInterval;
    }

    public static LossScaler standard() {
        return new LossScaler(65536.0, 2000);
    }

    public double scale() {
        return scale;
    }

    /** Records the outcome of a step; returns true when the update may be applied. */
    public boolean update(boolean gradientsFinite) {
        if (!gradientsFinite) {
            scale = Math.max(scale / 2, 1.0 / (1 << 24));
            goodSteps = 0;
            return false;
        }
        if (++goodSteps >= growthInterval) {
            scale *= 2;
            goodSteps = 0;
        }
        return true;
    }

    public void restore(double scale, int goodSteps) {
        this.scale = scale;
        this.goodSteps = goodSteps;
    }

    public int goodSteps() {
        return goodSteps;
    }
}
