package dev.jtune.magics.render;

/** One saved checkpoint of a job, with the losses at its step. */
public record CheckpointRow(long step, Double trainLoss, Double validationLoss, String path, boolean best) {
}
