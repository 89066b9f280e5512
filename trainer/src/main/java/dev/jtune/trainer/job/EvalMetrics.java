package dev.jtune.trainer.job;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Validation loss (token-weighted mean over the whole validation set) at a step. */
public record EvalMetrics(long step, double epoch, @JsonProperty("val_loss") double valLoss) implements JobEvent {
}
