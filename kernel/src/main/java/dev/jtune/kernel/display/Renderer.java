package dev.jtune.kernel.display;

/** Shows values of one type as a MIME bundle; registered in the {@link RendererRegistry}. */
@FunctionalInterface
public interface Renderer<T> {
    MimeBundle render(T value);
}
