package dev.jtune.magics.render;

/**
 * One saved checkpoint of a job, with the losses at its step.
 *
 * @param damage why the checkpoint cannot be used (listed, never hidden), else null
 */
public record CheckpointRow(long step, Double trainLoss, Double validationLoss, String path, boolean best, String damage) {

    public CheckpointRow(long step, Double trainLoss, Double validationLoss, String path, boolean best) {
        this(step, trainLoss, validationLoss, path, best, null);
    }
}
