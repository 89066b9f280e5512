package dev.jtune.kernel.display;

/** A shown output that can be replaced in place (live progress, a growing loss plot). */
public final class DisplayHandle {
    private final Display display;
    private final String id;

    DisplayHandle(Display display, String id) {
        this.display = display;
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Replaces the output everywhere it is shown with {@code value} (rendered like {@code display}). */
    public void update(Object value) {
        display.update(this, value);
    }

    @Override
    public String toString() {
        return "DisplayHandle[" + id + "]";
    }
}
