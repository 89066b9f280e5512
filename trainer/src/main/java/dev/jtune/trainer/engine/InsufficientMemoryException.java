package dev.jtune.trainer.engine;

/**
 * A batch whose activations cannot fit the device even with activation recompute: a setting to change (batch
 * size, max-seq-len), so an IllegalArgumentException, whose message the job shows as it is.
 */
public final class InsufficientMemoryException extends IllegalArgumentException {

    public InsufficientMemoryException(String message) {
        super(message);
    }
}
