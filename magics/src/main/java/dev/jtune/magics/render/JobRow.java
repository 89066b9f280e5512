package dev.jtune.magics.render;

import java.time.Duration;

/**
 * One line of the job list, with the columns hosted fine-tuning consoles show.
 *
 * @param damage why the job cannot be read (shown under the list), else null
 * @param preferenceAccuracy a DPO job's newest preference accuracy, else null
 * @param where  for a job on a cluster, which one and its scheduler id (e.g. {@code local, Slurm 12}), else null
 */
public record JobRow(String name, String base, String method, String status, long step, long totalSteps, long tokens,
                     Duration duration, Double bestValidationLoss, String damage, Double preferenceAccuracy,
                     String where) {

    public JobRow(String name, String base, String method, String status, long step, long totalSteps, long tokens,
                  Duration duration, Double bestValidationLoss, String damage) {
        this(name, base, method, status, step, totalSteps, tokens, duration, bestValidationLoss, damage, null, null);
    }

    public JobRow(String name, String base, String method, String status, long step, long totalSteps, long tokens,
                  Duration duration, Double bestValidationLoss) {
        this(name, base, method, status, step, totalSteps, tokens, duration, bestValidationLoss, null);
    }
}
