package dev.jtune.kernel.magic;

import dev.jtune.kernel.display.RendererRegistry;

import java.nio.file.Path;

/** What a {@link MagicExtension} can use of the kernel while it loads. */
public interface ExtensionContext {
    /** Register how the set's types are shown by {@code display(x)} and as cell values. */
    RendererRegistry renderers();

    /** The kernel's working directory (the notebook's folder when started by Jupyter). */
    Path workingDirectory();

    /** Declares {@code type name = value;} in JShell, so Java cells can use the set's state by that name. */
    <T> void bind(String name, Class<T> type, T value) throws MagicException;
}
