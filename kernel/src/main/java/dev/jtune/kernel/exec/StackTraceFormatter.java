package dev.jtune.kernel.exec;

import jdk.jshell.EvalException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Turns an exception thrown by user code into a traceback a notebook user can read: snippet frames point at
 * cell lines, the kernel's own frames (reflection, JShell plumbing) are cut off.
 */
final class StackTraceFormatter {
    private static final int MAX_LIBRARY_FRAMES = 8;

    /** @param snippetLocation maps a frame of a JShell snippet ("#id" file) to "Cell In[n], line k" */
    CellError format(EvalException ex, Function<StackTraceElement, String> snippetLocation) {
        List<String> lines = new ArrayList<>();
        String ename = ex.getExceptionClassName();
        String evalue = ex.getMessage();
        Throwable current = ex;
        boolean first = true;
        while (current != null) {
            String className = current instanceof EvalException ee ? ee.getExceptionClassName()
                    : current.getClass().getName();
            String head = Ansi.red(className) + (current.getMessage() == null ? "" : ": " + current.getMessage());
            lines.add(first ? head : "Caused by: " + head);
            appendFrames(lines, current.getStackTrace(), snippetLocation);
            first = false;
            current = current.getCause() == current ? null : current.getCause();
        }
        return new CellError(ename, evalue, lines);
    }

    private static void appendFrames(List<String> lines, StackTraceElement[] frames,
                                     Function<StackTraceElement, String> snippetLocation) {
        int library = 0;
        for (StackTraceElement frame : frames) {
            if (isPlumbing(frame)) {
                break;
            }
            String file = frame.getFileName();
            if (file != null && file.startsWith("#")) {
                String method = frame.getMethodName();
                String where = snippetLocation.apply(frame);
                lines.add("    at " + Ansi.green(where)
                        + (method.isEmpty() || method.startsWith("do_it$") || method.equals("<clinit>")
                        ? "" : " in " + method + "()"));
                library = 0;
            } else if (library++ < MAX_LIBRARY_FRAMES) {
                lines.add("    at " + frame);
            } else if (library == MAX_LIBRARY_FRAMES + 1) {
                lines.add("    ...");
            }
        }
    }

    private static boolean isPlumbing(StackTraceElement frame) {
        String c = frame.getClassName();
        return c.startsWith("jdk.internal.reflect.") || c.startsWith("java.lang.reflect.Method")
                || c.startsWith("dev.jtune.kernel.exec.") || c.startsWith("jdk.jshell.");
    }
}
