package dev.jtune.magics.render;

import java.time.Duration;

/** A snapshot of a running job for the live display: where it is, how it learns, how fast, how long left. */
public record TrainingProgress(String job, String status, long step, long totalSteps, double epoch, double totalEpochs,
                               Double loss, Double validationLoss, Double learningRate, double tokensPerSecond, long tokens,
                               Duration elapsed, Duration remaining, String message) {
    public double fraction() {
        return totalSteps <= 0 ? 0 : Math.min(1, (double) step / totalSteps);
    }
}
