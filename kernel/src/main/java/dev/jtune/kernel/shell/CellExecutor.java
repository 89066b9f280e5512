package dev.jtune.kernel.shell;

import dev.jtune.kernel.display.Display;
import dev.jtune.kernel.display.MimeBundle;
import dev.jtune.kernel.exec.CellError;
import dev.jtune.kernel.exec.CellInterruptedError;
import dev.jtune.kernel.exec.JavaEvaluator;
import dev.jtune.kernel.exec.JavaResult;
import dev.jtune.kernel.io.OutputStreams;
import dev.jtune.kernel.magic.CellParser;
import dev.jtune.kernel.magic.CellSegment;
import dev.jtune.kernel.magic.Magic;
import dev.jtune.kernel.magic.MagicException;
import dev.jtune.kernel.magic.MagicInvocation;
import dev.jtune.kernel.magic.MagicRegistry;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/** Runs one cell: its Java snippets and magics in order, stopping at the first error. */
final class CellExecutor {
    private final JavaEvaluator java;
    private final MagicRegistry magics;
    private final Display display;
    private final OutputStreams streams;
    private final Path workingDirectory;

    CellExecutor(JavaEvaluator java, MagicRegistry magics, Display display, OutputStreams streams,
                 Path workingDirectory) {
        this.java = java;
        this.magics = magics;
        this.display = display;
        this.streams = streams;
        this.workingDirectory = workingDirectory;
    }

    CellOutcome run(String code, String cellLabel, CancellationSignal cancellation) {
        MimeBundle result = null;
        for (CellSegment segment : CellParser.parse(code)) {
            result = null;
            if (segment instanceof CellSegment.Java j) {
                JavaResult r = java.eval(j.code(), cellLabel, j.firstLine());
                if (!r.ok()) {
                    return new CellOutcome(null, r.error());
                }
                // display(x) returns its handle for updates; showing the handle itself would be noise.
                if (r.hasValue() && !(r.value() instanceof dev.jtune.kernel.display.DisplayHandle)) {
                    result = display.renderers().find(r.value()).orElseGet(() -> MimeBundle.text(r.text()));
                }
            } else if (segment instanceof CellSegment.MagicCall m) {
                CellError error = runMagic(m, cellLabel, cancellation);
                if (error != null) {
                    return new CellOutcome(null, error);
                }
            }
        }
        return new CellOutcome(result, null);
    }

    private CellError runMagic(CellSegment.MagicCall call, String cellLabel, CancellationSignal cancellation) {
        MagicInvocation inv = call.invocation();
        String written = (inv.isCell() ? "%%" : "%") + inv.name();
        if (inv.name().isEmpty()) {
            return CellError.of("UsageError", cellLabel + ", line " + inv.line()
                    + ": a magic name must follow % (e.g. %lsmagic).");
        }
        Magic magic = magics.find(inv.name()).orElse(null);
        if (magic == null) {
            String hint = magics.closest(inv.name()).map(n -> " Did you mean %" + n + "?").orElse("");
            return CellError.of("UnknownMagic", "There is no magic named " + written + "." + hint
                    + " Run %lsmagic to list the magics.");
        }
        if (call.argumentError() != null && magic.splitsArguments()) {
            return CellError.of("UsageError", written + ": " + call.argumentError().getMessage());
        }
        Magic.Form form = inv.isCell() ? Magic.Form.CELL : Magic.Form.LINE;
        if (!magic.forms().contains(form)) {
            String other = inv.isCell() ? "%" + inv.name() + " ARGS (line magic)" : "%%" + inv.name() + " on the first line of a cell";
            return CellError.of("UsageError", written + " cannot be used as a " + form.name().toLowerCase()
                    + " magic; write it as " + other + ".");
        }
        if (inv.argv().size() == 1 && (inv.argv().get(0).equals("--help") || inv.argv().get(0).equals("-h"))) {
            streams.out().println(magic.help());
            return null;
        }
        KernelMagicContext context = new KernelMagicContext(java, magics, display, streams, cancellation,
                workingDirectory, cellLabel, inv.line());
        try {
            magic.run(inv, context);
            return null;
        } catch (MagicException e) {
            return CellError.of(e.errorName(), e.getMessage());
        } catch (CancellationException | CellInterruptedError | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return CellError.interrupted();
        } catch (Exception | LinkageError | AssertionError e) {
            if (cancellation.isCancelled()) {
                return CellError.interrupted();
            }
            return bug(written, e);
        }
    }

    /** A magic that fails with something other than MagicException has a bug: show where. */
    private static CellError bug(String written, Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        List<String> lines = new ArrayList<>();
        lines.add(written + " failed unexpectedly (a bug in the magic; please report it):");
        lines.addAll(trace.toString().lines().toList());
        return new CellError(e.getClass().getName(), String.valueOf(e.getMessage()), lines);
    }
}
