package dev.jtune.magics.render;

import java.time.Duration;

/**
 * What a job will cost before it starts: tokens per epoch, steps and a time estimate, the figures hosted
 * consoles show next to the price.
 */
public record TrainingPlan(long examples, long tokensPerEpoch, int epochs, long steps, String device, Duration estimate) {
}
