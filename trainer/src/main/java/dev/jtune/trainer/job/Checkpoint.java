package dev.jtune.trainer.job;

import java.nio.file.Path;

/**
 * A checkpoint folder of a job ({@code checkpoint-<step>/}).
 *
 * @param best true for the checkpoint with the lowest validation loss of the job
 */
public record Checkpoint(long step, Path path, Double trainLoss, Double valLoss, boolean best) {

    public static final String PREFIX = "checkpoint-";

    public static String folderName(long step) {
        return PREFIX + step;
    }
}
