package dev.jtune.kernel.magic;

import dev.jtune.kernel.display.Display;

import java.io.PrintStream;
import java.nio.file.Path;

/** What a running magic can use of the kernel. Valid for the duration of one {@link Magic#run} call. */
public interface MagicContext {
    /** Show values or bundles; {@code display().display(x)} returns a handle for live updates. */
    Display display();

    /** The cell's stdout, sent to the notebook as it is written (batched every ~100 ms). */
    PrintStream out();

    /** The cell's stderr. */
    PrintStream err();

    /** Set when the user interrupts the cell. */
    Cancellation cancellation();

    /**
     * Runs Java source in the notebook's JShell (definitions stay for later cells) and returns the value of
     * its last expression, or null. Compile and runtime errors become a {@link MagicException}.
     */
    Object eval(String javaCode) throws MagicException;

    /** Declares {@code type name = value;} in JShell so user code can use {@code value} by that name. */
    <T> void bind(String name, Class<T> type, T value) throws MagicException;

    /** The kernel's working directory (the notebook's folder when started by Jupyter). */
    Path workingDirectory();

    /** Adds a jar or class folder to JShell's classpath (compiler and class loader). */
    void addToClasspath(Path jarOrFolder) throws MagicException;

    /** All magics, for listing and help. */
    MagicRegistry magics();
}
