package dev.jtune.kernel.interpreter;

import dev.jtune.kernel.magic.Cancellation;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The cancellation of one cell, set by interrupt_request. */
final class CancellationSignal implements Cancellation {
    private static final Logger LOG = Logger.getLogger(CancellationSignal.class.getName());

    private final List<Runnable> actions = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void onCancel(Runnable action) {
        actions.add(action);
        if (cancelled && actions.remove(action)) {
            action.run();
        }
    }

    void cancel() {
        cancelled = true;
        for (Runnable action : actions) {
            if (actions.remove(action)) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "a cancel callback failed", e);
                }
            }
        }
    }
}
