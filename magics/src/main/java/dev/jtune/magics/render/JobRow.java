package dev.jtune.magics.render;

import java.time.Duration;

/** One line of the job list, with the columns hosted fine-tuning consoles show. */
public record JobRow(String name, String base, String method, String status, long step, long totalSteps, long tokens,
                     Duration duration, Double bestValidationLoss) {
}
