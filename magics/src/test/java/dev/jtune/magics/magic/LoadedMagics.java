package dev.jtune.magics.magic;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.jtune.kernel.display.RendererRegistry;
import dev.jtune.kernel.magic.ExtensionContext;
import dev.jtune.kernel.magic.Magic;
import dev.jtune.magics.JTune;
import dev.jtune.magics.JTuneMagics;

/**
 * The magic set loaded the way the kernel loads it (its onLoaded, with a renderer registry and the variables it
 * declares for Java cells), for tests that run magics without JShell.
 */
final class LoadedMagics {
    final RendererRegistry renderers = new RendererRegistry();
    final Map<String, Object> bound = new HashMap<>();
    private final JTuneMagics extension = new JTuneMagics();
    private final Map<String, Magic> byName = new HashMap<>();
    private final Path cwd;

    LoadedMagics(Path cwd) {
        this.cwd = cwd;
        List<Magic> magics = extension.onLoaded(new ExtensionContext() {
            @Override
            public RendererRegistry renderers() {
                return renderers;
            }

            @Override
            public Path workingDirectory() {
                return cwd;
            }

            @Override
            public <T> void bind(String name, Class<T> type, T value) {
                bound.put(name, value);
            }
        });
        magics.forEach(m -> byName.put(m.name(), m));
    }

    Magic magic(String name) {
        Magic magic = byName.get(name);
        if (magic == null) {
            throw new AssertionError("the magic set has no %" + name + "; it has " + byName.keySet());
        }
        return magic;
    }

    /** The object Java cells reach as {@code JTune}. */
    JTune jtune() {
        return (JTune) bound.get("JTune");
    }

    FakeContext context() {
        return new FakeContext(cwd, renderers);
    }

    void shutdown(Duration grace) {
        extension.onShutdown(grace);
    }
}
