package dev.jtune.kernel.interpreter;

import dev.jtune.kernel.display.MimeBundle;
import dev.jtune.kernel.exec.CellError;

/** How a cell ended: its result to show (or null) and its error (or null). */
public record CellOutcome(MimeBundle result, CellError error) {
    public static CellOutcome failed(CellError error) {
        return new CellOutcome(null, error);
    }

    public boolean ok() {
        return error == null;
    }
}
