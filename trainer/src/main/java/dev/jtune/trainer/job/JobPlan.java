package dev.jtune.trainer.job;

import java.time.Duration;

/**
 * What a job will do before it starts ({@code --dry-run}, and the table shown before training): its data and step
 * counts come from the same batching the job then uses (split, max-samples, truncation, packing), so
 * {@link #totalSteps} is the number of optimizer steps it will run.
 *
 * @param examples         training examples after the split and max-samples
 * @param tokensPerEpoch   tokens of one epoch after truncation (no padding)
 * @param batchesPerEpoch  micro-batches of one epoch (packed rows when packing is on, divided by batch-size)
 * @param stepsPerEpoch    optimizer steps of one epoch (micro-batches divided by grad-accum, rounded up)
 * @param totalSteps       optimizer steps of the run (max-steps when set)
 * @param device           "the CPU" or "the GPU"
 * @param estimate         the time the run should take, or null when nothing could be measured
 * @param estimateSource   how the estimate was made, shown next to it ("from job x", "timed 2 steps now")
 * @param gradCheckpointing what {@code --grad-checkpointing} chose for the largest micro-batch and why
 *                          ("on (auto: ...) for micro-batches of up to 8 × 1024 tokens"), or null when the engine
 *                          cannot tell before loading the model
 */
public record JobPlan(JobConfig config, long examples, long tokensPerEpoch, long batchesPerEpoch, long stepsPerEpoch,
                      long totalSteps, String device, Duration estimate, String estimateSource,
                      String gradCheckpointing) {

    /** Tokens the whole run processes. */
    public long totalTokens() {
        return stepsPerEpoch == 0 ? 0 : Math.round((double) tokensPerEpoch * totalSteps / stepsPerEpoch);
    }

    /** Epochs the run covers (less than --epochs when --max-steps stops it first). */
    public double epochs() {
        return stepsPerEpoch == 0 ? 0 : (double) totalSteps / stepsPerEpoch;
    }
}
