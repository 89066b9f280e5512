package dev.jtune.magics.render;

import java.time.Duration;
import java.util.Map;

/** A snapshot of a running job for the live display: where it is, how it learns, how fast, how long left. */
public record TrainingProgress(String job, String status, long step, long totalSteps, double epoch, double totalEpochs,
                               Double loss, Double validationLoss, Double learningRate, double tokensPerSecond, long tokens,
                               Duration elapsed, Duration remaining, String message, Map<String, Double> metrics) {
    /**
     * @param metrics the stage's own metrics of the last log step by TRL's names, and of the last evaluation with an
     *                {@code eval_} prefix (a DPO job's preference accuracy and reward margin); empty for SFT
     */
    public TrainingProgress {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    public TrainingProgress(String job, String status, long step, long totalSteps, double epoch, double totalEpochs,
                            Double loss, Double validationLoss, Double learningRate, double tokensPerSecond, long tokens,
                            Duration elapsed, Duration remaining, String message) {
        this(job, status, step, totalSteps, epoch, totalEpochs, loss, validationLoss, learningRate, tokensPerSecond, tokens,
                elapsed, remaining, message, Map.of());
    }

    public double fraction() {
        return totalSteps <= 0 ? 0 : Math.min(1, (double) step / totalSteps);
    }
}
