package dev.jtune.kernel.magic;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The magics known to the kernel, by name, and the extensions that made them (for their shutdown). */
public final class MagicRegistry {
    private static final Logger LOG = Logger.getLogger(MagicRegistry.class.getName());

    private final Map<String, Magic> magics = new TreeMap<>();
    private final List<MagicExtension> extensions = new ArrayList<>();

    /** Loads the stateless magics and the extensions on {@code loader}; each extension's onLoaded runs once, here. */
    public static MagicRegistry discover(ClassLoader loader, ExtensionContext kernel) {
        MagicRegistry registry = new MagicRegistry();
        for (Magic magic : load(Magic.class, loader)) {
            registry.add(magic);
        }
        for (MagicExtension extension : load(MagicExtension.class, loader)) {
            try {
                List<Magic> loaded = extension.onLoaded(kernel);
                registry.extensions.add(extension);
                loaded.forEach(registry::add);
            } catch (Exception | LinkageError e) {
                LOG.log(Level.WARNING, "could not load the magics of " + extension.getClass().getName(), e);
            }
        }
        return registry;
    }

    /** Every provider that can be made; a broken one (e.g. a stale service entry) is logged and skipped. */
    private static <T> List<T> load(Class<T> type, ClassLoader loader) {
        List<T> found = new ArrayList<>();
        Iterator<T> it = ServiceLoader.load(type, loader).iterator();
        for (int failures = 0; failures < 100; ) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (java.util.ServiceConfigurationError | LinkageError | RuntimeException e) {
                failures++;
                LOG.log(Level.WARNING, "skipped a " + type.getSimpleName() + " that could not be loaded", e);
            }
        }
        return found;
    }

    public void add(Magic magic) {
        Magic previous = magics.putIfAbsent(magic.name(), magic);
        if (previous != null && previous != magic) {
            LOG.warning("two magics are named %" + magic.name() + ": keeping " + previous.getClass().getName()
                    + ", ignoring " + magic.getClass().getName());
        }
    }

    public Optional<Magic> find(String name) {
        return Optional.ofNullable(magics.get(name));
    }

    public Collection<Magic> all() {
        return Collections.unmodifiableCollection(magics.values());
    }

    /** Every extension's onShutdown, sharing {@code grace} between them; a failing one does not stop the others. */
    public void shutdown(Duration grace) {
        Instant deadline = Instant.now().plus(grace);
        for (MagicExtension extension : extensions) {
            Duration left = Duration.between(Instant.now(), deadline);
            try {
                extension.onShutdown(left.isNegative() ? Duration.ZERO : left);
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.WARNING, extension.getClass().getName() + " did not shut down cleanly", e);
            }
        }
    }

    /** The known name closest to {@code name}, to suggest when a user mistypes one. */
    public Optional<String> closest(String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : magics.keySet()) {
            int d = Suggestions.distance(name, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= Suggestions.limit(name) ? Optional.ofNullable(best) : Optional.empty();
    }
}
