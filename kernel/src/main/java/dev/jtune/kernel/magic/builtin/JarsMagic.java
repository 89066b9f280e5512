package dev.jtune.kernel.magic.builtin;

/** {@code %jars}: the name other Java kernels use for {@code %classpath}. */
public final class JarsMagic extends ClasspathMagic {
    @Override
    public String name() {
        return "jars";
    }
}
