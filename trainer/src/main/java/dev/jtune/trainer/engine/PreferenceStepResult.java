package dev.jtune.trainer.engine;

import dev.jtune.trainer.preference.PreferenceMetrics;

/**
 * What one optimizer step of a preference job did.
 *
 * @param step    loss (mean over the step's pairs), gradient norm, tokens; {@code trainedWeight} counts the pairs
 * @param metrics the pairs' loss and TRL's reward metrics, before the update
 */
public record PreferenceStepResult(StepResult step, PreferenceMetrics metrics) {
}
