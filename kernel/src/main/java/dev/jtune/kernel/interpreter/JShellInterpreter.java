package dev.jtune.kernel.interpreter;

import dev.jtune.kernel.display.Display;
import dev.jtune.kernel.display.MimeBundle;
import dev.jtune.kernel.display.RendererRegistry;
import dev.jtune.kernel.exec.Completion;
import dev.jtune.kernel.exec.JavaEvaluator;
import dev.jtune.kernel.exec.JavaResult;
import dev.jtune.kernel.io.OutputStreams;
import dev.jtune.kernel.magic.CellParser;
import dev.jtune.kernel.magic.ExtensionContext;
import dev.jtune.kernel.magic.MagicException;
import dev.jtune.kernel.magic.MagicRegistry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Java cells in JShell (in this JVM) with line and cell magics; see {@link CellParser} for the grammar. */
public final class JShellInterpreter implements CellInterpreter {
    private final JavaEvaluator java;
    private final MagicRegistry magics;
    private final CellRunner runner;
    private final MagicLines magicLines;
    private volatile CancellationSignal running;

    /**
     * Starts JShell and loads the magics on {@code loader} (their extensions' onLoaded runs now). Slow (JShell
     * compiles its first snippets): build it on the thread that will execute cells.
     */
    public JShellInterpreter(Display display, OutputStreams streams, Path workingDirectory, ClassLoader loader) {
        this.java = new JavaEvaluator();
        this.magics = MagicRegistry.discover(loader, new ExtensionContext() {
            @Override
            public RendererRegistry renderers() {
                return display.renderers();
            }

            @Override
            public Path workingDirectory() {
                return workingDirectory;
            }

            @Override
            public <T> void bind(String name, Class<T> type, T value) throws MagicException {
                KernelMagicContext.bind(java, name, type, value);
            }
        });
        this.runner = new CellRunner(java, magics, display, streams, workingDirectory);
        this.magicLines = new MagicLines(magics);
    }

    public MagicRegistry magics() {
        return magics;
    }

    @Override
    public CellOutcome execute(String code, int executionCount) {
        String label = "Cell In[" + executionCount + "]";
        CancellationSignal cancellation = new CancellationSignal();
        java.resetInterrupt();
        running = cancellation;
        try {
            return runner.run(code, label, cancellation);
        } catch (Throwable e) {
            return CellOutcome.failed(KernelFailures.describe(label, e));
        } finally {
            running = null;
        }
    }

    @Override
    public CellOutcome evaluate(String expression) {
        try {
            JavaResult r = java.eval(expression, "user expression", 1);
            return r.ok() ? new CellOutcome(MimeBundle.text(r.hasValue() ? r.text() : ""), null)
                    : CellOutcome.failed(r.error());
        } catch (Throwable e) {
            return CellOutcome.failed(KernelFailures.describe("The expression " + expression, e));
        }
    }

    @Override
    public Completion complete(String code, int cursor) {
        int lineStart = code.lastIndexOf('\n', cursor - 1) + 1;
        String line = code.substring(lineStart, cursor);
        if (CellParser.isMagicLine(line)) {
            Completion inLine = magicLines.complete(line);
            return new Completion(inLine.matches(), lineStart + inLine.start(), lineStart + inLine.end());
        }
        Optional<Completion> inBody = magicLines.completeBody(code, cursor);
        return inBody.orElseGet(() -> java.complete(blankMagicLines(code), cursor));
    }

    @Override
    public Optional<MimeBundle> inspect(String code, int cursor) {
        int lineStart = code.lastIndexOf('\n', Math.max(0, cursor - 1)) + 1;
        int lineEnd = code.indexOf('\n', cursor);
        String line = code.substring(lineStart, lineEnd < 0 ? code.length() : lineEnd);
        if (CellParser.isMagicLine(line)) {
            return magicLines.inspect(line).map(MimeBundle::text);
        }
        return Optional.ofNullable(java.inspect(blankMagicLines(code), cursor)).map(MimeBundle::text);
    }

    @Override
    public Completeness isComplete(String code) {
        if (code.stripLeading().startsWith("%%")) {
            // A cell magic's body is its own text, complete as typed, unless it is Java (%%time).
            return magicLines.javaBody(code).map(body -> Completeness.of(java.isComplete(body)))
                    .orElse(Completeness.COMPLETE);
        }
        return Completeness.of(java.isComplete(blankMagicLines(code)));
    }

    @Override
    public void interrupt() {
        CancellationSignal cell = running;
        if (cell != null) {
            cell.cancel();
            java.interrupt();
        }
    }

    @Override
    public void shutdown(Duration grace) {
        interrupt();
        magics.shutdown(grace);
    }

    /** Magic lines become blank lines of the same length, so Java offsets stay put. */
    private static String blankMagicLines(String code) {
        return Arrays.stream(code.split("\n", -1))
                .map(line -> CellParser.isMagicLine(line) ? " ".repeat(line.length()) : line)
                .collect(Collectors.joining("\n"));
    }
}
