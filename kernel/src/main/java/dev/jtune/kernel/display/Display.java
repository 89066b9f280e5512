package dev.jtune.kernel.display;

import java.util.UUID;

/** The display system: renders values to bundles and shows them, each with a display id for later updates. */
public final class Display {
    private final RendererRegistry renderers;
    private final DisplayPublisher publisher;

    public Display(RendererRegistry renderers, DisplayPublisher publisher) {
        this.renderers = renderers;
        this.publisher = publisher;
    }

    public RendererRegistry renderers() {
        return renderers;
    }

    /** Shows {@code value} (a {@link MimeBundle}, a {@link Displayable}, a type with a renderer, or any object). */
    public DisplayHandle display(Object value) {
        DisplayHandle handle = new DisplayHandle(this, UUID.randomUUID().toString());
        publisher.display(renderers.render(value), handle.id());
        return handle;
    }

    void update(DisplayHandle handle, Object value) {
        publisher.update(renderers.render(value), handle.id());
    }
}
