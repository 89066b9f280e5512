package dev.jtune.kernel.interpreter;

import dev.jtune.kernel.display.Display;
import dev.jtune.kernel.exec.CellError;
import dev.jtune.kernel.exec.JavaEvaluator;
import dev.jtune.kernel.exec.JavaResult;
import dev.jtune.kernel.io.OutputStreams;
import dev.jtune.kernel.magic.Cancellation;
import dev.jtune.kernel.magic.MagicContext;
import dev.jtune.kernel.magic.MagicException;
import dev.jtune.kernel.magic.MagicRegistry;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** The kernel as one magic call sees it. */
final class KernelMagicContext implements MagicContext {
    private static final Pattern JAVA_NAME = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*");

    private final JavaEvaluator java;
    private final MagicRegistry magics;
    private final Display display;
    private final OutputStreams streams;
    private final Cancellation cancellation;
    private final Path workingDirectory;
    private final String cellLabel;
    private final int line;

    KernelMagicContext(JavaEvaluator java, MagicRegistry magics, Display display, OutputStreams streams,
                       Cancellation cancellation, Path workingDirectory, String cellLabel, int line) {
        this.java = java;
        this.magics = magics;
        this.display = display;
        this.streams = streams;
        this.cancellation = cancellation;
        this.workingDirectory = workingDirectory;
        this.cellLabel = cellLabel;
        this.line = line;
    }

    @Override
    public Display display() {
        return display;
    }

    @Override
    public PrintStream out() {
        return streams.out();
    }

    @Override
    public PrintStream err() {
        return streams.err();
    }

    @Override
    public Cancellation cancellation() {
        return cancellation;
    }

    @Override
    public Object eval(String javaCode) throws MagicException {
        JavaResult result = java.eval(javaCode, cellLabel, line);
        if (!result.ok()) {
            throw asException(result.error());
        }
        return result.hasValue() ? result.value() : null;
    }

    @Override
    public <T> void bind(String name, Class<T> type, T value) throws MagicException {
        bind(java, name, type, value);
    }

    static <T> void bind(JavaEvaluator java, String name, Class<T> type, T value) throws MagicException {
        if (!JAVA_NAME.matcher(name).matches()) {
            throw new MagicException("'" + name + "' is not a valid Java variable name.");
        }
        JavaResult result = java.bind(name, type, value);
        if (!result.ok()) {
            throw asException(result.error());
        }
    }

    private static MagicException asException(CellError error) {
        return new MagicException(error.ename(), error.evalue() + (error.traceback().size() > 1
                ? "\n" + String.join("\n", error.traceback()) : ""), null);
    }

    @Override
    public Path workingDirectory() {
        return workingDirectory;
    }

    @Override
    public void addToClasspath(Path jarOrFolder) throws MagicException {
        Path path = workingDirectory.resolve(jarOrFolder).normalize();
        if (!Files.exists(path)) {
            throw new MagicException("Cannot add " + jarOrFolder + " to the classpath: " + path + " does not exist.");
        }
        java.addToClasspath(path.toString());
    }

    @Override
    public MagicRegistry magics() {
        return magics;
    }
}
