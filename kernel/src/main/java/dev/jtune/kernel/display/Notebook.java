package dev.jtune.kernel.display;

import java.util.Objects;

/**
 * Functions for user code, imported statically into JShell at start-up: {@code display(x)},
 * {@code html("<b>hi</b>")}, {@code markdown("# Title")}, {@code png(bytes)}, {@code svg(text)}, {@code json(map)}.
 * <p>
 * Snippet code is compiled by JShell and cannot be handed the kernel's objects, so this class reaches the
 * running kernel's {@link Display} through a static field set once at start-up. It is the only static bridge.
 */
public final class Notebook {
    private static volatile Display current;

    private Notebook() {
    }

    /** Called by the kernel at start-up. */
    public static void bind(Display display) {
        current = display;
    }

    private static Display display() {
        return Objects.requireNonNull(current, "display() works only inside a JTune kernel");
    }

    /** Shows {@code value} now and returns a handle whose {@code update(newValue)} replaces it in place. */
    public static DisplayHandle display(Object value) {
        return display().display(value);
    }

    public static MimeBundle html(String html) {
        return MimeBundle.html(html);
    }

    public static MimeBundle markdown(String markdown) {
        return MimeBundle.markdown(markdown);
    }

    public static MimeBundle png(byte[] pngBytes) {
        return MimeBundle.png(pngBytes);
    }

    public static MimeBundle svg(String svg) {
        return MimeBundle.svg(svg);
    }

    public static MimeBundle json(Object value) {
        return MimeBundle.json(value);
    }
}
