package dev.jtune.magics.magic;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.jtune.kernel.display.Display;
import dev.jtune.kernel.display.DisplayPublisher;
import dev.jtune.kernel.display.MimeBundle;
import dev.jtune.kernel.display.RendererRegistry;
import dev.jtune.kernel.magic.Cancellation;
import dev.jtune.kernel.magic.MagicContext;
import dev.jtune.kernel.magic.CellParser;
import dev.jtune.kernel.magic.CellSegment;
import dev.jtune.kernel.magic.MagicInvocation;
import dev.jtune.kernel.magic.MagicRegistry;

/** A magic's view of the kernel for tests: records what is displayed (latest bundle per display id) and printed. */
final class FakeContext implements MagicContext {
    final Map<String, MimeBundle> shown = new LinkedHashMap<>();
    final List<String> updates = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    private final Path cwd;
    private final Display display;
    volatile boolean cancelled;
    final List<Runnable> onCancel = new ArrayList<>();

    /** @param registry the renderers the magics' extension registered when it loaded */
    FakeContext(Path cwd, RendererRegistry registry) {
        this.cwd = cwd;
        this.display = new Display(registry, new DisplayPublisher() {
            @Override
            public void display(MimeBundle bundle, String id) {
                shown.put(id, bundle);
            }

            @Override
            public void update(MimeBundle bundle, String id) {
                shown.put(id, bundle);
                updates.add(id);
            }
        });
    }

    /** {@code %name arguments} as the kernel's cell parser reads it (the one argument grammar). */
    static MagicInvocation line(String name, String arguments) {
        return invocation("%" + name + " " + arguments);
    }

    /** {@code %%name arguments} + body, through the kernel's cell parser. */
    static MagicInvocation cell(String name, String arguments, String body) {
        return invocation("%%" + name + " " + arguments + "\n" + body);
    }

    private static MagicInvocation invocation(String cell) {
        CellSegment.MagicCall call = (CellSegment.MagicCall) CellParser.parse(cell).get(0);
        if (call.argumentError() != null) {
            throw new AssertionError(call.argumentError().getMessage());
        }
        return call.invocation();
    }

    String text() {
        StringBuilder all = new StringBuilder(out.toString(StandardCharsets.UTF_8));
        shown.values().forEach(b -> all.append('\n').append(b.plainText()));
        return all.toString();
    }

    List<MimeBundle> bundles() {
        return new ArrayList<>(shown.values());
    }

    void cancel() {
        cancelled = true;
        onCancel.forEach(Runnable::run);
    }

    @Override
    public Display display() {
        return display;
    }

    @Override
    public PrintStream out() {
        return outStream;
    }

    @Override
    public PrintStream err() {
        return outStream;
    }

    @Override
    public Cancellation cancellation() {
        return new Cancellation() {
            @Override
            public boolean isCancelled() {
                return cancelled;
            }

            @Override
            public void onCancel(Runnable action) {
                if (cancelled) {
                    action.run();
                } else {
                    onCancel.add(action);
                }
            }
        };
    }

    @Override
    public Object eval(String javaCode) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> void bind(String name, Class<T> type, T value) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Path workingDirectory() {
        return cwd;
    }

    @Override
    public void addToClasspath(Path jarOrFolder) {
        throw new UnsupportedOperationException();
    }

    @Override
    public MagicRegistry magics() {
        return null;
    }
}
