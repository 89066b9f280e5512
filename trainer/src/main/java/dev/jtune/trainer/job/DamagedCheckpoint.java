package dev.jtune.trainer.job;

import java.nio.file.Path;

/**
 * A {@code checkpoint-<step>/} folder that cannot be offered for resume, publish or chat. It is listed, with the
 * reason, so that a damaged checkpoint never silently disappears, and it is never written over.
 *
 * @param reason what is wrong with it, as a phrase ("its trainer_state.json is not valid JSON: ...")
 */
public record DamagedCheckpoint(long step, Path path, String reason) {
}
