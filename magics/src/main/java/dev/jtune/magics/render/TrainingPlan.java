package dev.jtune.magics.render;

import java.time.Duration;

/**
 * What a job will cost before it starts: tokens per epoch, steps and a time estimate, the figures hosted
 * consoles show next to the price. The estimate is null until a throughput is known (an earlier job
 * of the same base on this device).
 */
public record TrainingPlan(long examples, long tokensPerEpoch, double epochs, long steps, String device, Duration estimate) {
}
