package dev.jtune.trainer.publish;

import java.nio.file.Path;
import java.util.List;

/**
 * A model folder written by {@link Publisher}.
 *
 * @param files file names in the folder, sorted
 */
public record PublishedModel(String name, Path path, String job, long step, boolean adapterOnly, String base,
                             Double trainLoss, Double valLoss, List<String> files) {
}
