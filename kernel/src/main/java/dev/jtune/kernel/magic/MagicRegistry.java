package dev.jtune.kernel.magic;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The magics known to the kernel, by name; filled from {@link ServiceLoader}. */
public final class MagicRegistry {
    private static final Logger LOG = Logger.getLogger(MagicRegistry.class.getName());

    private final Map<String, Magic> magics = new TreeMap<>();

    public static MagicRegistry discover(ClassLoader loader) {
        MagicRegistry registry = new MagicRegistry();
        ServiceLoader<Magic> services = ServiceLoader.load(Magic.class, loader);
        for (var it = services.stream().iterator(); it.hasNext(); ) {
            var provider = it.next();
            try {
                registry.add(provider.get());
            } catch (RuntimeException | java.util.ServiceConfigurationError e) {
                LOG.log(Level.WARNING, "could not load magic " + provider.type().getName(), e);
            }
        }
        return registry;
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
