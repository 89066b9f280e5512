package dev.jtune.trainer.engine;

/** A batch whose activations cannot fit the device even with activation recompute. */
public final class InsufficientMemoryException extends RuntimeException {

    public InsufficientMemoryException(String message) {
        super(message);
    }
}
