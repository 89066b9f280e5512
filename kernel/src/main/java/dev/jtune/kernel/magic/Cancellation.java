package dev.jtune.kernel.magic;

import java.util.concurrent.CancellationException;

/** Set when the user interrupts the cell; long work checks it between steps or registers a callback. */
public interface Cancellation {
    boolean isCancelled();

    /**
     * Runs {@code action} when the cell is interrupted (at once, on this thread, if it already was). Callbacks
     * run on the kernel's control thread: keep them short (set a flag, stop a job). They are dropped when the
     * cell ends.
     */
    void onCancel(Runnable action);

    default void throwIfCancelled() {
        if (isCancelled()) {
            throw new CancellationException("The cell was interrupted.");
        }
    }
}
