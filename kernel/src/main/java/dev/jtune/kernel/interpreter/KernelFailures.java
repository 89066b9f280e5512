package dev.jtune.kernel.interpreter;

import dev.jtune.kernel.exec.CellError;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Errors that are not the user's: out of memory, a stack overflow, a bug in a magic or the kernel. */
public final class KernelFailures {
    private KernelFailures() {
    }

    /**
     * The error for {@code failure} thrown while running {@code what} (e.g. "%dataset"): out of memory says how
     * much the kernel has and how to give it more; anything else is a bug, shown with its stack trace.
     */
    public static CellError describe(String what, Throwable failure) {
        if (failure instanceof OutOfMemoryError) {
            long maxMiB = Runtime.getRuntime().maxMemory() / (1024 * 1024);
            String suggestion = maxMiB < 4096 ? "8g" : (maxMiB * 2 / 1024) + "g";
            return CellError.of("OutOfMemoryError", String.format(Locale.ROOT,
                    "%s ran out of memory (%s; the kernel may use at most %,d MiB). The kernel is still running. "
                            + "Work on less data at a time, or restart the kernel with more memory, e.g. "
                            + "JTUNE_JAVA_OPTS=-Xmx%s jupyter lab.", what, failure.getMessage(), maxMiB, suggestion));
        }
        if (failure instanceof StackOverflowError) {
            return CellError.of("StackOverflowError", what + " recursed too deeply (a stack overflow). "
                    + "The kernel is still running; look for a method that calls itself without end.");
        }
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        List<String> lines = new ArrayList<>();
        lines.add(what + " failed unexpectedly (a bug; please report it). The kernel is still running:");
        lines.addAll(trace.toString().lines().toList());
        return new CellError(failure.getClass().getName(), String.valueOf(failure.getMessage()), lines);
    }
}
