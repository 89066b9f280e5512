package dev.jtune.kernel.display;

import javax.imageio.ImageIO;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps types to renderers. Lookup walks the value's class, then its superclasses and interfaces (nearest
 * first), so a renderer for an interface covers all its implementations.
 */
public final class RendererRegistry {
    private final Map<Class<?>, Renderer<Object>> renderers = new ConcurrentHashMap<>();

    public RendererRegistry() {
        register(RenderedImage.class, RendererRegistry::imageToPng);
    }

    @SuppressWarnings("unchecked")
    public <T> void register(Class<T> type, Renderer<? super T> renderer) {
        renderers.put(type, (Renderer<Object>) renderer);
    }

    /** The rich bundle for {@code value}, if it is a bundle, a {@link Displayable} or a type with a renderer. */
    public Optional<MimeBundle> find(Object value) {
        if (value instanceof MimeBundle bundle) {
            return Optional.of(bundle);
        }
        if (value instanceof Displayable d) {
            return Optional.ofNullable(d.toMimeBundle());
        }
        if (value == null) {
            return Optional.empty();
        }
        Deque<Class<?>> todo = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        todo.add(value.getClass());
        while (!todo.isEmpty()) {
            Class<?> type = todo.poll();
            if (!seen.add(type)) {
                continue;
            }
            Renderer<Object> renderer = renderers.get(type);
            if (renderer != null) {
                return Optional.ofNullable(renderer.render(value));
            }
            if (type.getSuperclass() != null) {
                todo.add(type.getSuperclass());
            }
            todo.addAll(java.util.List.of(type.getInterfaces()));
        }
        return Optional.empty();
    }

    /** The bundle for any value: a rich one if known, else its text. */
    public MimeBundle render(Object value) {
        return find(value).orElseGet(() -> MimeBundle.text(String.valueOf(value)));
    }

    private static MimeBundle imageToPng(RenderedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return MimeBundle.png(out.toByteArray()).with(MimeBundle.TEXT,
                "<image " + image.getWidth() + "x" + image.getHeight() + ">");
    }
}
