package dev.jtune.magics.render;

import java.time.Duration;

/**
 * What a job will cost before it starts: tokens per epoch, steps and a time estimate, the figures hosted
 * consoles show next to the price. The estimate is null when no throughput is known; {@code estimateSource} says
 * where it came from (an earlier job, or two steps timed now). {@code gradCheckpointing} says what activation
 * recompute the engine chose and why, or is null when it cannot tell.
 */
public record TrainingPlan(long examples, long tokensPerEpoch, double epochs, long steps, String device, Duration estimate,
                           String estimateSource, String gradCheckpointing) {
}
