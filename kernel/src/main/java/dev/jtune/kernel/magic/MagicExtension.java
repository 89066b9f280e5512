package dev.jtune.kernel.magic;

import java.time.Duration;
import java.util.List;

/**
 * A set of magics that share per-kernel state, with a lifecycle (like Kotlin Jupyter's integrations): the
 * kernel calls {@link #onLoaded} once, before any cell runs, and {@link #onShutdown} once when it shuts down or
 * restarts. Found with {@link java.util.ServiceLoader}: list implementations in
 * {@code META-INF/services/dev.jtune.kernel.magic.MagicExtension}; each needs a public no-argument constructor.
 * A magic without state may instead be listed alone in {@code META-INF/services/dev.jtune.kernel.magic.Magic}.
 */
public interface MagicExtension {
    /**
     * Creates the set's state for this kernel, registers the renderers of its types (once), declares what Java
     * cells should see, and returns the magics, which keep their state through their constructors.
     */
    List<Magic> onLoaded(ExtensionContext kernel) throws Exception;

    /**
     * The kernel is going away: stop running work so it can be resumed (a training job saves a checkpoint) and
     * close resources, within {@code grace}; the process exits afterwards whether or not this finished.
     */
    default void onShutdown(Duration grace) {
    }
}
