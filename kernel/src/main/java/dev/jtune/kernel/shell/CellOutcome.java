package dev.jtune.kernel.shell;

import dev.jtune.kernel.display.MimeBundle;
import dev.jtune.kernel.exec.CellError;

/** How a cell ended: its result to show (or null) and its error (or null). */
record CellOutcome(MimeBundle result, CellError error) {
}
