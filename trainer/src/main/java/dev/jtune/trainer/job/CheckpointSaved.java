package dev.jtune.trainer.job;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A checkpoint folder was written (relative path inside the job folder). */
public record CheckpointSaved(long step, String path, @JsonProperty("train_loss") Double trainLoss,
                              @JsonProperty("val_loss") Double valLoss) implements JobEvent {
}
