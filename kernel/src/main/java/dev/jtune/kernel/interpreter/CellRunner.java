package dev.jtune.kernel.interpreter;

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

import java.nio.file.Path;
import java.util.concurrent.CancellationException;

/** Runs one cell: its Java snippets and magics in order, stopping at the first error. */
final class CellRunner {
    private final JavaEvaluator java;
    private final MagicRegistry magics;
    private final Display display;
    private final OutputStreams streams;
    private final Path workingDirectory;

    CellRunner(JavaEvaluator java, MagicRegistry magics, Display display, OutputStreams streams,
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
                    try {
                        result = render(r);
                    } catch (RuntimeException e) {
                        return CellOutcome.failed(CellError.of(e.getClass().getName(),
                                "Showing the value of " + cellLabel + " failed: " + e.getMessage()));
                    } catch (Throwable e) {
                        return CellOutcome.failed(KernelFailures.describe("Showing the value of " + cellLabel, e));
                    }
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
        } catch (Throwable e) {
            // Anything else, out of memory included, ends this magic only: the kernel answers the next cell.
            if (cancellation.isCancelled() && !(e instanceof VirtualMachineError)) {
                return CellError.interrupted();
            }
            return KernelFailures.describe(written, e);
        }
    }

    /** The cell's value as a bundle (renderers may be user code: the caller contains their failures). */
    private MimeBundle render(JavaResult r) {
        return display.renderers().find(r.value()).orElseGet(() -> MimeBundle.text(r.text()));
    }
}
