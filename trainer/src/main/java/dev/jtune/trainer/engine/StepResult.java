package dev.jtune.trainer.engine;

/**
 * What one optimizer step did.
 *
 * @param loss          token-weighted mean loss over the step's micro-batches (before the update)
 * @param gradNorm      global L2 norm of the gradients before clipping
 * @param tokens        non-padding tokens processed
 * @param trainedWeight sum of loss weights of the scored tokens
 * @param skipped       true when FP16 loss scaling found inf/NaN gradients and skipped the update
 */
public record StepResult(double loss, double gradNorm, long tokens, double trainedWeight, boolean skipped) {
}
